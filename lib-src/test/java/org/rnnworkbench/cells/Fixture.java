package org.rnnworkbench.cells;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.rnnworkbench.Golden;
import org.rnnworkbench.tensor.Tensor3;

/** One case of a Part A fixture file: stored inputs and expected outputs (see golden_part_a.py). */
record Fixture(String file, JsonObject json) {

    /** Relative tolerance of every comparison with NumPy. */
    static final double TOL = 1e-10;

    static List<Fixture> cases(String file) {
        List<Fixture> cases = new ArrayList<>();
        for (JsonElement c : Golden.load(file).getAsJsonArray("cases")) {
            cases.add(new Fixture(file, c.getAsJsonObject()));
        }
        if (cases.isEmpty()) {
            throw new IllegalStateException(file + " holds no cases");
        }
        return cases;
    }

    /** One dynamic test per case of {@code file}. */
    static Stream<DynamicTest> tests(String file, ThrowingConsumer<Fixture> check) {
        return cases(file).stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> check.accept(f)));
    }

    String name() {
        return json.get("name").getAsString();
    }

    boolean softmaxOutput() {
        return json.has("options") && json.getAsJsonObject("options").get("softmax_output").getAsBoolean();
    }

    DMatrixRMaj m(String input) {
        return Golden.matrix(input(input));
    }

    Tensor3 t(String input) {
        return Golden.tensor(input(input));
    }

    RnnParameters rnn() {
        return new RnnParameters(m("Waa"), m("Wax"), m("Wya"), m("ba"), m("by"));
    }

    LstmParameters lstm() {
        return new LstmParameters(m("Wf"), m("bf"), m("Wi"), m("bi"), m("Wc"), m("bc"), m("Wo"), m("bo"), m("Wy"),
                m("by"));
    }

    GruParameters gru() {
        return new GruParameters(m("Wz"), m("Wr"), m("Wh"), m("Wy"), m("by"));
    }

    /** Compares a matrix with the expected output {@code name}. */
    void expect(String name, DMatrixRMaj actual) {
        Golden.assertClose(this + " " + name, output(name), actual, TOL);
    }

    /** Compares a tensor with the expected output {@code name}. */
    void expect(String name, Tensor3 actual) {
        Golden.assertClose(this + " " + name, output(name), actual, TOL);
    }

    /** The names of the expected outputs. */
    List<String> outputs() {
        return new ArrayList<>(json.getAsJsonObject("outputs").keySet());
    }

    private JsonElement input(String name) {
        JsonElement e = json.getAsJsonObject("inputs").get(name);
        if (e == null) {
            throw new IllegalArgumentException(this + " has no input " + name);
        }
        return e;
    }

    private JsonElement output(String name) {
        JsonElement e = json.getAsJsonObject("outputs").get(name);
        if (e == null) {
            throw new IllegalArgumentException(this + " has no output " + name);
        }
        return e;
    }

    @Override
    public String toString() {
        return file.replace(".json", "") + "[" + name() + "]";
    }
}
