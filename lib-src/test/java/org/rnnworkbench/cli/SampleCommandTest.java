package org.rnnworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnnworkbench.io.ModelFile;
import org.rnnworkbench.io.TrainingCheckpoint;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.Sampler;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.lm.TrainingResult;
import org.rnnworkbench.lm.Vocabulary;

/** {@code sample}: the library's names, one per seed; temperature and prefix. */
class SampleCommandTest {
    @TempDir
    static Path dir;

    private static Path model;
    private static TrainingResult trained;

    @BeforeAll
    static void train() throws IOException {
        trained = Trainer.model(Dataset.load(Path.of("data/element_list.txt")),
                TrainingOptions.builder().nA(24).iterations(3000).build());
        model = dir.resolve("elements.npz");
        TrainingCheckpoint.save(model, trained.state(), trained.vocabulary(), Map.of("cell", "rnn"));
    }

    private static String names(int seed, int n, double temperature, String prefix) {
        StringBuilder s = new StringBuilder();
        Vocabulary v = trained.vocabulary();
        for (int i = 0; i < n; i++) {
            s.append(v.sampleText(Sampler.sample(trained.parameters(), v, seed + i, temperature, prefix)));
        }
        return s.toString();
    }

    @Test
    void namesAreTheLibrarysOnePerSeed() {
        Cli.Run r = Cli.run("sample", "--model", model.toString()).succeeded();
        assertEquals("", r.err());
        assertEquals(names(0, 10, 1.0, ""), r.out());
        assertEquals(10, r.out().lines().count());
        for (String name : r.out().lines().toList()) {
            assertTrue(name.isEmpty() || Character.isUpperCase(name.charAt(0)), name);
        }
        assertEquals(names(40, 3, 1.0, ""), Cli.run("sample", "--model", model.toString(), "--seed", "40", "--n", "3")
                .succeeded().out());
    }

    @Test
    void temperatureAndPrefix() {
        String cold = Cli.run("sample", "--model", model.toString(), "--temperature", "0.5").succeeded().out();
        assertEquals(names(0, 10, 0.5, ""), cold);
        assertNotEquals(names(0, 10, 1.0, ""), cold);
        String prefixed = Cli.run("sample", "--model", model.toString(), "--prefix", "Bor", "--n", "5").succeeded()
                .out();
        assertEquals(names(0, 5, 1.0, "bor"), prefixed, "the prefix is lowercased as the training text was");
        List<String> lines = prefixed.lines().toList();
        assertEquals(5, lines.size());
        for (String name : lines) {
            assertTrue(name.startsWith("Bor"), name);
        }
    }

    @Test
    void aModelSavedWithoutTrainingStateSamplesToo() {
        Path plain = dir.resolve("plain.npz");
        ModelFile.save(plain, new ModelFile.Model(trained.parameters(), trained.vocabulary().chars(), Map.of()));
        assertEquals(names(0, 4, 1.0, ""), Cli.run("sample", "--model", plain.toString(), "--n", "4").succeeded()
                .out());
    }

    @Test
    void badValuesAndPrefixesAreOneLine() {
        String m = model.toString();
        Cli.run("sample", "--model", m, "--prefix", "x7").failed(Main.EXIT_ERROR,
                "rnn-workbench sample: --prefix \"x7\": '7' (U+0037) at character 2 is not in the model's vocabulary [\\n, a, b,");
        Cli.run("sample", "--model", m, "--prefix", "a\tb").failed(Main.EXIT_ERROR, "U+0009 at character 2 is not in the model's");
        Cli.run("sample", "--model", m, "--n", "0").failed(Main.EXIT_USAGE, "--n must be a positive whole number");
        Cli.run("sample", "--model", m, "--seed", "-1").failed(Main.EXIT_USAGE, "--seed must be in [0, 4294967197]");
        Cli.run("sample", "--model", m, "--temperature", "0").failed(Main.EXIT_USAGE,
                "--temperature must be a positive number");
        Cli.run("sample", "--model", m, "--temperature", "NaN").failed(Main.EXIT_USAGE,
                "--temperature must be a positive number");
        Cli.run("sample").failed(Main.EXIT_USAGE, "Missing required option: '--model=MODEL'");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = CellKind.class, names = {"GRU", "LSTM"})
    void gruAndLstmModelsSampleTheLibrarysNames(CellKind cell) throws IOException {
        TrainingResult gated = Trainer.model(Dataset.load(Path.of("data/element_list.txt")),
                TrainingOptions.builder().cell(cell).nA(12).iterations(1500).build());
        Path file = dir.resolve(cell.id() + ".npz");
        TrainingCheckpoint.save(file, gated.state(), gated.vocabulary(), Map.of("cell", cell.id()));
        Path plain = dir.resolve(cell.id() + "-plain.npz");
        ModelFile.save(plain, new ModelFile.Model(gated.cellParameters(), gated.vocabulary().chars(), Map.of()));
        Vocabulary v = gated.vocabulary();
        for (Path m : List.of(file, plain)) {
            StringBuilder expected = new StringBuilder();
            StringBuilder cold = new StringBuilder();
            StringBuilder prefixed = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                expected.append(v.sampleText(Sampler.sample(gated.cellParameters(), v, 5 + i)));
                cold.append(v.sampleText(Sampler.sample(gated.cellParameters(), v, i, 0.5, "")));
                prefixed.append(v.sampleText(Sampler.sample(gated.cellParameters(), v, i, 1.0, "ca")));
            }
            Cli.Run r = Cli.run("sample", "--model", m.toString(), "--seed", "5").succeeded();
            assertEquals("", r.err());
            assertEquals(expected.toString(), r.out());
            assertEquals(cold.toString(), Cli.run("sample", "--model", m.toString(), "--temperature", "0.5")
                    .succeeded().out());
            assertEquals(prefixed.toString(), Cli.run("sample", "--model", m.toString(), "--prefix", "Ca").succeeded()
                    .out());
        }
    }
}
