package org.rnnworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnworkbench.io.ModelFile;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.CharRnn;
import org.rnnworkbench.lm.Vocabulary;

/**
 * Every mistake a user can make is one line on stderr naming the problem, with exit code 2 for usage
 * errors and 1 for problems found while running; a stack trace only with {@code --debug}.
 */
class CliErrorsTest {
    private static final String DATA = "data/element_list.txt";

    @TempDir
    Path dir;

    @Test
    void missingOrEmptyData() throws IOException {
        Cli.run("train", "--data", "no/such/file.txt").failed(Main.EXIT_ERROR,
                "rnn-workbench train: data file no/such/file.txt not found");
        Cli.runIn(dir, "train").failed(Main.EXIT_ERROR, "rnn-workbench train: no training data: the default file "
                + "data/element_list.txt is not in " + dir.toAbsolutePath() + "; run from the project's folder or give "
                + "--data FILE");
        Path empty = Files.createFile(dir.resolve("empty.txt"));
        Cli.run("train", "--data", empty.toString()).failed(Main.EXIT_ERROR,
                empty + " is empty: a language model needs at least one line of text");
        Cli.run("train", "--data", dir.toString()).failed(Main.EXIT_ERROR, "is a folder, not a text file");
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, "carbon\nn\u00e9on\n".getBytes(StandardCharsets.ISO_8859_1));
        Cli.run("train", "--data", latin1.toString()).failed(Main.EXIT_ERROR, "line 2 is not valid UTF-8");
    }

    @Test
    void relativePathsAreResolvedAgainstTheWorkingDirectory() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/element_list.txt"), "ab\nba\n");
        Cli.Run r = Cli.runIn(dir, "train", "--iterations", "3", "--hidden", "4", "--quiet").succeeded();
        assertTrue(r.out().startsWith("trained 3 iterations"), r.out());
    }

    @Test
    void nonPositiveSettings() {
        Cli.run("train", "--hidden", "0").failed(Main.EXIT_USAGE,
                "rnn-workbench train: --hidden must be a positive whole number but was 0; see 'rnn-workbench train --help'");
        Cli.run("train", "--hidden", "-3").failed(Main.EXIT_USAGE, "--hidden must be a positive whole number but was -3");
        Cli.run("train", "--iterations", "0").failed(Main.EXIT_USAGE,
                "--iterations must be a positive whole number but was 0");
        Cli.run("train", "--lr", "0").failed(Main.EXIT_USAGE, "--lr must be a positive number but was 0.0");
        Cli.run("train", "--lr", "-0.5").failed(Main.EXIT_USAGE, "--lr must be a positive number but was -0.5");
        Cli.run("train", "--lr", "Infinity").failed(Main.EXIT_USAGE, "--lr must be a positive number");
        Cli.run("train", "--lr", "fast").failed(Main.EXIT_USAGE, "Invalid value for option '--lr': 'fast' is not a double");
        Cli.run("train", "--samples", "0").failed(Main.EXIT_USAGE, "--samples must be a positive whole number");
        Cli.run("train", "--sample-every", "0").failed(Main.EXIT_USAGE, "--sample-every must be a positive whole number");
        Cli.run("train", "--clip", "0").failed(Main.EXIT_USAGE, "--clip must be a positive number or 'none' but was '0'");
        Cli.run("train", "--clip", "off").failed(Main.EXIT_USAGE, "--clip must be a positive number or 'none'");
        Cli.run("train", "--seed-init", "-1").failed(Main.EXIT_USAGE, "--seed-init must be in [0, 4294967295]");
        Cli.run("train", "--checkpoint-every", "0", "--save", dir.resolve("m.npz").toString())
                .failed(Main.EXIT_USAGE, "--checkpoint-every must be a positive whole number");
        Cli.run("train", "--checkpoint-every", "100").failed(Main.EXIT_USAGE,
                "--checkpoint-every needs --save MODEL (or --resume MODEL) to know where to write");
    }

    @Test
    void cells() {
        Cli.run("train", "--cell", "cnn").failed(Main.EXIT_USAGE, "--cell cnn is unknown; the cells available are rnn, gru and lstm");
    }

    @Test
    void aResumedRunKeepsTheCellOfItsFile() {
        Path gru = dir.resolve("g.npz");
        Path lstm = dir.resolve("l.npz");
        Path rnn = dir.resolve("r.npz");
        for (String[] run : new String[][] {{"gru", gru.toString()}, {"lstm", lstm.toString()}, {"rnn", rnn.toString()}}) {
            Cli.run("train", "--cell", run[0], "--data", DATA, "--hidden", "4", "--iterations", "3", "--save", run[1],
                    "--quiet").succeeded();
        }
        Cli.run("train", "--cell", "lstm", "--resume", gru.toString(), "--iterations", "6").failed(Main.EXIT_ERROR,
                "rnn-workbench train: --cell lstm does not match " + gru + ", which holds a GRU model; leave --cell out "
                        + "to continue it");
        Cli.run("train", "--cell", "rnn", "--resume", lstm.toString(), "--iterations", "6").failed(Main.EXIT_ERROR,
                "--cell rnn does not match " + lstm + ", which holds an LSTM model");
        Cli.run("train", "--cell", "gru", "--resume", rnn.toString(), "--iterations", "6").failed(Main.EXIT_ERROR,
                "--cell gru does not match " + rnn + ", which holds an RNN model");
        // The fast loop's cells are checked against the file's cell, not the default --cell rnn.
        Cli.Run fast = Cli.run("train", "--trainer", "fast", "--resume", lstm.toString(), "--iterations", "6");
        assertEquals(Main.EXIT_USAGE, fast.code(), fast.err());
        assertTrue(fast.err().contains("--trainer fast") && fast.err().contains("lstm"), fast.err());
        Cli.run("train", "--cell", "lstm", "--resume", lstm.toString(), "--iterations", "6", "--quiet").succeeded();
        Cli.run("train", "--resume", gru.toString(), "--iterations", "6", "--quiet").succeeded();
        assertEquals(CellKind.GRU, ModelFile.load(gru).cell());
        assertEquals("6", ModelFile.load(gru).config().get("iteration"));
    }

    @Test
    void unknownOptionsAndCommands() {
        Cli.run("train", "--hiden", "3").failed(Main.EXIT_USAGE, "Unknown options: '--hiden', '3' (did you mean --hidden");
        Cli.run("sample", "--modle", "m.npz").failed(Main.EXIT_USAGE, "Unknown options: '--modle', 'm.npz'");
        Cli.run("trian").failed(Main.EXIT_USAGE, "Unmatched argument at index 0: 'trian' (did you mean train?)");
        Cli.run("train", "--hidden").failed(Main.EXIT_USAGE, "Missing required parameter for option '--hidden'");
    }

    @Test
    void unreadableOrCorruptModels() throws IOException {
        Cli.run("sample", "--model", "no/such/model.npz").failed(Main.EXIT_ERROR,
                "rnn-workbench sample: model file no/such/model.npz (--model) not found");
        Cli.run("sample", "--model", dir.toString()).failed(Main.EXIT_ERROR, "is a folder, not a model file");
        Path text = dir.resolve("notes.npz");
        Files.writeString(text, "not a model\n");
        Cli.run("sample", "--model", text.toString()).failed(Main.EXIT_ERROR,
                text + ": not a valid .npz archive (truncated or corrupt)");
        Path good = dir.resolve("good.npz");
        Vocabulary v = Vocabulary.fromText("abc\n");
        ModelFile.save(good, new ModelFile.Model(CharRnn.initializeParameters(5, 4, 4), v.chars(), Map.of()));
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.npz");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        Cli.run("sample", "--model", cut.toString()).failed(Main.EXIT_ERROR, cut + ": not a valid .npz archive");
        Path flipped = dir.resolve("flipped.npz");
        bytes[bytes.length / 3] ^= 0x10;
        Files.write(flipped, bytes);
        Cli.Run r = Cli.run("sample", "--model", flipped.toString());
        assertEquals(Main.EXIT_ERROR, r.code(), r.err());
        r.assertNoStackTrace();
        assertTrue(r.err().startsWith("rnn-workbench sample: " + flipped + ": "), r.err());
        Cli.run("train", "--resume", text.toString()).failed(Main.EXIT_ERROR, "not a valid .npz archive");
    }

    @Test
    void resumingOnOtherDataOrWithoutStateIsRefused() throws IOException {
        Path model = dir.resolve("m.npz");
        Cli.run("train", "--data", DATA, "--hidden", "8", "--iterations", "30", "--save", model.toString(), "--quiet")
                .succeeded();
        Path other = dir.resolve("other.txt");
        // The same characters and number of lines, other content.
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(DATA)));
        Collections.reverse(lines);
        Files.write(other, lines);
        Cli.run("train", "--resume", model.toString(), "--iterations", "60", "--data", other.toString())
                .failed(Main.EXIT_ERROR, "cannot resume: " + model + " was trained on "
                        + Path.of(DATA).toAbsolutePath() + " (sha256 ");
        Cli.run("train", "--resume", model.toString(), "--iterations", "60", "--data", "data/movie_titles.txt")
                .failed(Main.EXIT_ERROR, "has other content");
        Cli.run("train", "--resume", model.toString(), "--iterations", "60", "--hidden", "9")
                .failed(Main.EXIT_ERROR, "--hidden 9 does not match " + model + ", which has 8 hidden units");

        Path copy = dir.resolve("copy.txt");
        Files.copy(Path.of(DATA), copy);
        Path moved = dir.resolve("moved.npz");
        Cli.run("train", "--data", copy.toString(), "--hidden", "8", "--iterations", "30", "--save", moved.toString(),
                "--quiet").succeeded();
        Files.delete(copy);
        Cli.run("train", "--resume", moved.toString(), "--iterations", "60").failed(Main.EXIT_ERROR,
                "the training data of " + moved + ", " + copy + ", is not there any more; give it with --data FILE");
        Cli.run("train", "--resume", moved.toString(), "--iterations", "60", "--data", DATA, "--quiet").succeeded();

        Path plain = dir.resolve("plain.npz");
        Vocabulary v = Vocabulary.fromText("abc\n");
        ModelFile.save(plain, new ModelFile.Model(CharRnn.initializeParameters(5, 4, 4), v.chars(), Map.of()));
        Cli.run("train", "--resume", plain.toString()).failed(Main.EXIT_ERROR, plain + ": holds no training state");
    }

    @Test
    void unwritableOutputsAreFoundBeforeTraining() {
        Cli.run("train", "--save", dir.resolve("no/such/folder/m.npz").toString()).failed(Main.EXIT_ERROR,
                "(--save): the folder " + dir.resolve("no/such/folder") + " does not exist");
        Cli.run("train", "--history", dir.toString()).failed(Main.EXIT_ERROR,
                "--history " + dir + " is a folder; give a file name");
    }

    @Test
    void debugShowsTheStackTrace() {
        Cli.Run r = Cli.run("train", "--data", "no/such/file.txt", "--debug");
        assertEquals(Main.EXIT_ERROR, r.code());
        assertTrue(r.err().startsWith("rnn-workbench train: data file no/such/file.txt not found\n"), r.err());
        assertTrue(r.err().contains("UserError") && r.err().contains("\tat "), r.err());
        Cli.Run usage = Cli.run("--debug", "train", "--hidden", "0");
        assertEquals(Main.EXIT_USAGE, usage.code());
        assertTrue(usage.err().contains("ParameterException") && usage.err().contains("\tat "), usage.err());
    }

    @Test
    void helpAndVersion() {
        Cli.Run help = Cli.run("train", "--help").succeeded();
        assertTrue(help.out().contains("--checkpoint-every=N") && help.out().contains("--resume=MODEL"), help.out());
        Cli.Run top = Cli.run("--help").succeeded();
        assertTrue(top.out().contains("train") && top.out().contains("sample") && top.out().contains("Exit codes:"),
                top.out());
        assertTrue(Cli.run("--version").succeeded().out().startsWith("RNN Workbench "));
        Cli.Run none = Cli.run();
        assertEquals(Main.EXIT_USAGE, none.code(), "no command is a usage error");
        assertEquals("", none.out(), "the usage goes to stderr");
        assertTrue(none.err().startsWith("rnn-workbench: no command given") && none.err().contains("Usage: rnn-workbench"),
                none.err());
    }
}
