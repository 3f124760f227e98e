package org.rnnworkbench.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.Golden;

class NumpyFormatTest {
    private static final JsonObject FIXTURE = Golden.load("numpy_format.json");

    @Test
    void arraysPrintAsNumpyPrintsThem() {
        for (JsonElement e : FIXTURE.getAsJsonArray("arrays")) {
            JsonObject c = e.getAsJsonObject();
            int[] shape = Golden.shape(c.get("array"));
            String expected = c.get("str").getAsString();
            String actual = shape.length == 1 ? NumpyFormat.array(Golden.data(c.get("array")))
                    : NumpyFormat.array(Golden.matrix(c.get("array")));
            assertEquals(expected, actual);
        }
    }

    @Test
    void scalarsPrintAsPythonRepr() {
        for (JsonElement e : FIXTURE.getAsJsonArray("scalars")) {
            JsonObject c = e.getAsJsonObject();
            assertEquals(c.get("repr").getAsString(), NumpyFormat.scalar(c.get("value").getAsDouble()));
        }
    }

    @Test
    void shapesPrintAsTuples() {
        assertEquals("(5, 10)", NumpyFormat.shape(new DMatrixRMaj(5, 10)));
        assertEquals("(3, 10, 4)", NumpyFormat.shape(new org.rnnworkbench.tensor.Tensor3(3, 10, 4)));
    }
}
