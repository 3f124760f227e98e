package org.rnnworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnworkbench.io.ModelFile;
import org.rnnworkbench.io.TrainingCheckpoint;

/**
 * One test per way a careful user could lose data or see a stack trace: outputs that would destroy
 * inputs, sizes the machine cannot hold, numerics at the edge, closed streams, unusual characters.
 * Every refusal is one line on stderr with no stack trace and leaves every file as it was.
 */
class CliSafetyTest {
    @TempDir
    Path dir;

    private Path data;
    private byte[] dataBytes;

    @BeforeEach
    void copyData() throws IOException {
        data = dir.resolve("names.txt");
        Files.copy(Path.of("data/element_list.txt"), data);
        dataBytes = Files.readAllBytes(data);
    }

    private static final String[] SMALL = {"--hidden", "4", "--iterations", "3", "--quiet"};

    /** {@code train} on the copied data with a small model, plus {@code more}. */
    private Cli.Run train(String... more) {
        List<String> all = new java.util.ArrayList<>(List.of("train", "--data", data.toString()));
        List<String> given = List.of(more);
        for (int i = 0; i < SMALL.length; i++) {
            boolean takesValue = i + 1 < SMALL.length && !SMALL[i + 1].startsWith("--");
            if (!given.contains(SMALL[i])) {
                all.add(SMALL[i]);
                if (takesValue) {
                    all.add(SMALL[i + 1]);
                }
            }
            if (takesValue) {
                i++;
            }
        }
        all.addAll(given);
        return Cli.runIn(dir, all.toArray(new String[0]));
    }

    private Path trainedModel(String name) {
        Path m = dir.resolve(name);
        train("--save", m.toString()).succeeded();
        return m;
    }

    private void dataUnchanged() throws IOException {
        assertArrayEquals(dataBytes, Files.readAllBytes(data), "the training data changed");
    }

    @Test
    void saveOntoTheDataFileIsRefused() throws IOException {
        train("--save", data.toString()).failed(Main.EXIT_ERROR, "--save " + data + " is the same file as --data");
        Path model = trainedModel("m.npz");
        Cli.runIn(dir, "train", "--resume", model.toString(), "--iterations", "6", "--save", "names.txt")
                .failed(Main.EXIT_ERROR, "--save names.txt is the same file as --data");
        // Reached through another name, a hard link, it is still the data.
        Path link = dir.resolve("same.txt");
        Files.createLink(link, data);
        train("--save", link.toString()).failed(Main.EXIT_ERROR, "is the same file as --data");
        dataUnchanged();
    }

    @Test
    void historyOntoDataModelOrAnotherModelIsRefused() throws IOException {
        train("--history", data.toString()).failed(Main.EXIT_ERROR, "--history " + data + " is the same file as --data");
        Path model = dir.resolve("m.npz");
        train("--save", model.toString(), "--history", model.toString()).failed(Main.EXIT_ERROR,
                "--history " + model + " is the same file as --save " + model);
        Path other = trainedModel("other.npz");
        byte[] before = Files.readAllBytes(other);
        train("--history", other.toString()).failed(Main.EXIT_ERROR,
                "--history " + other + " already exists and is not a training history CSV");
        Cli.runIn(dir, "train", "--resume", other.toString(), "--iterations", "6", "--history", "other.npz")
                .failed(Main.EXIT_ERROR, "--history other.npz is the same file as --resume");
        assertArrayEquals(before, Files.readAllBytes(other));
        dataUnchanged();
    }

    @Test
    void devicesAndFifosAreNotReplaced() throws Exception {
        train("--save", "/dev/null").failed(Main.EXIT_ERROR, "--save /dev/null is not a regular file");
        assertFalse(Files.isRegularFile(Path.of("/dev/null")));
        Path fifo = dir.resolve("pipe");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(), "mkfifo");
        train("--save", fifo.toString()).failed(Main.EXIT_ERROR, "is not a regular file");
        train("--history", fifo.toString()).failed(Main.EXIT_ERROR, "is not a regular file");
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "the FIFO is still a FIFO");
    }

    @Test
    void anExistingModelNeedsResumeOrOverwrite() throws IOException {
        Path model = trainedModel("m.npz");
        byte[] before = Files.readAllBytes(model);
        train("--save", model.toString(), "--iterations", "5").failed(Main.EXIT_ERROR,
                "--save " + model + " already holds a model; continue it with --resume " + model
                        + ", or replace it with --overwrite");
        assertArrayEquals(before, Files.readAllBytes(model));
        train("--save", model.toString(), "--iterations", "5", "--overwrite").succeeded();
        assertEquals(5, TrainingCheckpoint.state(model, ModelFile.load(model)).iteration());
        // A file that is not a model is never replaced, --overwrite or not.
        Path notes = dir.resolve("notes.npz");
        Files.writeString(notes, "my notes");
        train("--save", notes.toString(), "--overwrite").failed(Main.EXIT_ERROR,
                "--save " + notes + " already exists and is not a model file");
        assertEquals("my notes", Files.readString(notes));
        // Resuming into the file it came from needs nothing more.
        Cli.runIn(dir, "train", "--resume", "m.npz", "--iterations", "7", "--quiet").succeeded();
    }

    @Test
    void aSymlinkIsFollowedAndAFolderNameRefused() throws IOException {
        Path real = trainedModel("real.npz");
        Path link = dir.resolve("link.npz");
        Files.createSymbolicLink(link, real);
        train("--save", link.toString(), "--overwrite", "--iterations", "4").succeeded();
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertEquals(4, TrainingCheckpoint.state(real, ModelFile.load(real)).iteration(), "the linked file was written");
        Path dangling = dir.resolve("dangling.npz");
        Files.createSymbolicLink(dangling, dir.resolve("nowhere.npz"));
        train("--save", dangling.toString()).failed(Main.EXIT_ERROR, "is a symbolic link to a file that does not exist");
        train("--save", "newdir/").failed(Main.EXIT_ERROR, "--save newdir/ names a folder; give a file name");
        assertFalse(Files.exists(dir.resolve("newdir")), "no file named newdir");
        Files.createDirectory(dir.resolve("adir"));
        train("--save", "adir").failed(Main.EXIT_ERROR, "--save adir is a folder");
    }

    @Test
    void unwritablePlacesAreFoundBeforeTraining() {
        train("--save", "/proc/self/m.npz", "--iterations", "100000000").failed(Main.EXIT_ERROR,
                "cannot write /proc/self/m.npz (--save): cannot create a file in /proc/");
        train("--history", "/proc/self/h.csv", "--iterations", "100000000").failed(Main.EXIT_ERROR,
                "cannot write /proc/self/h.csv (--history)");
        train("--save", dir.resolve("missing/m.npz").toString()).failed(Main.EXIT_ERROR, "does not exist");
    }

    private static void chattr(String flag, Path file) throws Exception {
        assertEquals(0, new ProcessBuilder("chattr", flag, file.toString()).inheritIO().start().waitFor(),
                "chattr " + flag + " (this test needs a file system with the immutable attribute, as ext4 has)");
    }

    @Test
    void anImmutableFileIsFoundBeforeTraining() throws Exception {
        Path model = trainedModel("m.npz");
        Path csv = dir.resolve("h.csv");
        train("--history", "h.csv").succeeded();
        chattr("+i", model);
        chattr("+i", csv);
        try {
            Cli.runIn(dir, "train", "--resume", "m.npz", "--iterations", "100000000").failed(Main.EXIT_ERROR,
                    "cannot write m.npz (--resume): the file cannot be replaced (operation not permitted)");
            train("--history", "h.csv", "--iterations", "100000000").failed(Main.EXIT_ERROR,
                    "cannot write h.csv (--history): the file cannot be replaced");
        } finally {
            chattr("-i", model);
            chattr("-i", csv);
        }
    }

    /** A log stream that asks the run to stop once the first log line is written. */
    private static Main stoppingMain(ByteArrayOutputStream out, ByteArrayOutputStream err, Path wd) {
        StopRequest stop = new StopRequest();
        OutputStream watching = new OutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                out.write(b, off, len);
                if (out.toString(StandardCharsets.UTF_8).contains("Iteration: 0,")) {
                    stop.request(StopRequest.EXIT_SIGINT, "SIGINT");
                }
            }
        };
        return new Main(new PrintStream(watching, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), wd, false, null, stop);
    }

    @Test
    void aHundredMillionIterationsStartLikeAHundredThousand() throws IOException {
        // The whole history used to be allocated up front (about 10 GB here); now rows stream to the CSV.
        for (String trainer : new String[] {"plain", "fast"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Path model = dir.resolve(trainer + ".npz");
            Path csv = dir.resolve(trainer + ".csv");
            int code = stoppingMain(out, err, dir).execute("train", "--data", data.toString(), "--hidden", "4",
                    "--iterations", "100000000", "--trainer", trainer, "--save", model.toString(), "--history",
                    csv.toString());
            String e = err.toString(StandardCharsets.UTF_8);
            assertEquals(StopRequest.EXIT_SIGINT, code, e);
            assertTrue(e.startsWith("rnn-workbench train: stopped by SIGINT after 1 iteration of 100000000; saved"), e);
            assertEquals(1, TrainingCheckpoint.state(model, ModelFile.load(model)).iteration());
            List<String> rows = Files.readAllLines(csv);
            assertEquals(2, rows.size(), "header and the one iteration run");
            assertTrue(rows.get(1).startsWith("0,"), rows.get(1));
        }
    }

    @Test
    void sizesTheMachineCannotHoldAreUsageErrors() {
        train("--hidden", "2147483647").failed(Main.EXIT_USAGE, "--hidden 2147483647 is too large");
        train("--hidden", "30000").failed(Main.EXIT_USAGE, "--hidden 30000 is too large");
        train("--hidden", "30000", "--cell", "lstm").failed(Main.EXIT_USAGE, "--hidden 30000 is too large");
        train("--samples", "2147483647").failed(Main.EXIT_USAGE, "--samples must be at most 10000");
    }

    @Test
    void hugeDataFilesAndDevicesAreRefusedInOneLine() throws IOException {
        Path huge = dir.resolve("huge.txt");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(3L << 30); // sparse: takes no disk space
        }
        Cli.runIn(dir, "train", "--data", "huge.txt", "--quiet").failed(Main.EXIT_ERROR,
                "data file huge.txt holds 3.0 GiB, more than the");
        Cli.runIn(dir, "train", "--data", "/dev/zero", "--quiet").failed(Main.EXIT_ERROR,
                "data file /dev/zero is not a regular file");
    }

    /** The bytes of an .npy entry: the header (padded to 64 bytes) and the data. */
    private static byte[] npyHeader(String descr, String shape) {
        String h = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + h.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = h + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }

    /** Deflates {@code input} with a full flush, so the output does not depend on what came before. */
    private static byte[] flushed(java.util.zip.Deflater d, byte[] input, boolean last) {
        d.setInput(input);
        if (last) {
            d.finish();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (true) {
            int n = d.deflate(buf, 0, buf.length, last ? java.util.zip.Deflater.NO_FLUSH
                    : java.util.zip.Deflater.FULL_FLUSH);
            out.write(buf, 0, n);
            if (last ? d.finished() : n < buf.length && d.needsInput()) {
                return out.toByteArray();
            }
        }
    }

    private static void le(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }

    /**
     * A valid .npz of one deflated entry, Waa.npy, holding 12000 x 12000 zeros: about 1 MB on disk for
     * 1.1 GB of data. Each MiB of zeros is deflated once after a full flush, whose output is then the same
     * for every MiB, so the archive takes a second to build instead of deflating 1.1 GB.
     */
    private static void writeZeroBomb(Path file) throws IOException {
        byte[] header = npyHeader("<f8", "(12000, 12000)");
        long zeros = 12000L * 12000 * 8;
        byte[] mib = new byte[1 << 20];
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(header);
        java.util.zip.Deflater d = new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, true);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(flushed(d, header, false));
        long whole = zeros / mib.length;
        byte[] block = null;
        for (long k = 0; k < whole; k++) {
            crc.update(mib);
            if (k < 2) {
                block = flushed(d, mib, false);
            }
            data.write(block);
        }
        byte[] rest = new byte[(int) (zeros % mib.length)];
        crc.update(rest);
        data.write(flushed(d, rest, true));
        byte[] compressed = data.toByteArray();
        byte[] name = "Waa.npy".getBytes(StandardCharsets.US_ASCII);
        long size = header.length + zeros;
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        le(zip, 0x04034b50L, 4);
        le(zip, 20, 2);
        le(zip, 0, 2);
        le(zip, 8, 2);
        le(zip, 0, 2);
        le(zip, 0x21, 2);
        le(zip, crc.getValue(), 4);
        le(zip, compressed.length, 4);
        le(zip, size, 4);
        le(zip, name.length, 2);
        le(zip, 0, 2);
        zip.write(name);
        zip.write(compressed);
        long centralStart = zip.size();
        le(zip, 0x02014b50L, 4);
        le(zip, 20, 2);
        le(zip, 20, 2);
        le(zip, 0, 2);
        le(zip, 8, 2);
        le(zip, 0, 2);
        le(zip, 0x21, 2);
        le(zip, crc.getValue(), 4);
        le(zip, compressed.length, 4);
        le(zip, size, 4);
        le(zip, name.length, 2);
        le(zip, 0, 2);
        le(zip, 0, 2);
        le(zip, 0, 2);
        le(zip, 0, 2);
        le(zip, 0, 4);
        le(zip, 0, 4);
        zip.write(name);
        long centralSize = zip.size() - centralStart;
        le(zip, 0x06054b50L, 4);
        le(zip, 0, 2);
        le(zip, 0, 2);
        le(zip, 1, 2);
        le(zip, 1, 2);
        le(zip, centralSize, 4);
        le(zip, centralStart, 4);
        le(zip, 0, 2);
        Files.write(file, zip.toByteArray());
    }

    @Test
    void anNpzClaimingAHugeArrayIsRefusedBeforeItIsRead() throws IOException {
        Path bomb = dir.resolve("bomb.npz");
        writeZeroBomb(bomb);
        try (ZipFile z = new ZipFile(bomb.toFile())) {
            ZipEntry e = z.getEntry("Waa.npy");
            assertEquals(12000L * 12000 * 8 + 128, e.getSize(), "the archive is well formed and declares 1.1 GB");
            // The start of the entry inflates to the NPY header: the stream is real deflate data.
            byte[] start = z.getInputStream(e).readNBytes(128);
            assertEquals("{'descr': '<f8'", new String(start, 10, 15, StandardCharsets.ISO_8859_1));
        }
        assertTrue(Files.size(bomb) < 2_000_000, "the archive is small: " + Files.size(bomb));
        Cli.runIn(dir, "sample", "--model", "bomb.npz").failed(Main.EXIT_ERROR,
                "entry 'Waa.npy' holds 1098.6 MiB of data, more than the");
        Cli.runIn(dir, "train", "--resume", "bomb.npz").failed(Main.EXIT_ERROR, "of data, more than the");
    }

    @Test
    void anyPositiveTemperatureSamples() {
        Path model = trainedModel("m.npz");
        for (String t : new String[] {"1e-320", "1e-308", "4.9e-324", "1e308"}) {
            Cli.Run r = Cli.runIn(dir, "sample", "--model", "m.npz", "--temperature", t, "--n", "3").succeeded();
            assertEquals(3, r.out().lines().count(), t + ":\n" + r.out());
        }
        assertTrue(Files.exists(model));
    }

    @Test
    void hugeFiniteWeightsAreRefusedInOneLine() throws IOException {
        Path model = trainedModel("m.npz");
        ModelFile.Model m = ModelFile.load(model);
        org.rnnworkbench.cells.RnnParameters p = m.parameters();
        // tanh(b) = 1 in every unit, so each output score sums four times 1e308: it overflows.
        Arrays.fill(p.ba().data, 1e308);
        Arrays.fill(p.Wya().data, 1e308);
        Path huge = dir.resolve("huge.npz");
        ModelFile.save(huge, new ModelFile.Model(p, m.vocabulary(), m.config()));
        Cli.runIn(dir, "sample", "--model", "huge.npz").failed(Main.EXIT_ERROR,
                "huge.npz: the model's output score for character index 0 is Infinity: its weights are too large");
        // Large but not overflowing: the log-space softmax still gives names.
        Arrays.fill(p.Wya().data, 1e300);
        Arrays.fill(p.by().data, -1e300);
        ModelFile.save(huge, new ModelFile.Model(p, m.vocabulary(), m.config()));
        Cli.runIn(dir, "sample", "--model", "huge.npz", "--n", "2").succeeded();
    }

    @Test
    void aBadNumberInAResumedConfigIsOneLine() throws IOException {
        Path model = trainedModel("m.npz");
        ModelFile.Model m = ModelFile.load(model);
        Map<String, String> config = new LinkedHashMap<>(m.config());
        config.put("lr", "-1");
        ModelFile.save(model, new ModelFile.Model(m.cellParameters(), m.vocabulary(), config, m.state()));
        Cli.runIn(dir, "train", "--resume", "m.npz", "--iterations", "6").failed(Main.EXIT_ERROR,
                "m.npz: config 'lr' is \"-1\", not a positive number");
    }

    /** An output stream that accepts {@code lines} newlines, then fails as a closed pipe does; counts the writes after. */
    private static final class ClosingPipe extends OutputStream {
        private int lines;
        int writesAfterClose;

        ClosingPipe(int lines) {
            this.lines = lines;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (lines <= 0) {
                writesAfterClose++;
                throw new IOException("Broken pipe");
            }
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    lines--;
                }
            }
        }
    }

    private static Cli.Run runWithStdout(OutputStream stdout, Path wd, String... args) {
        RecordingOutputStream recording = new RecordingOutputStream(stdout);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(recording, false, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), wd, false, recording, new StopRequest())
                .execute(args);
        return new Cli.Run(code, "", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aClosedStdoutEndsSamplingAtOnce() {
        trainedModel("m.npz");
        ClosingPipe head = new ClosingPipe(2);
        runWithStdout(head, dir, "sample", "--model", "m.npz", "--n", "100000000").failed(Main.EXIT_ERROR,
                "rnn-workbench sample: cannot write to standard output (Broken pipe)");
        assertTrue(head.writesAfterClose <= 2, head.writesAfterClose + " writes after the reader went away");
    }

    @Test
    void aFullStdoutIsExitOne() {
        trainedModel("m.npz");
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        runWithStdout(full, dir, "sample", "--model", "m.npz").failed(Main.EXIT_ERROR,
                "cannot write to standard output (No space left on device)");
        runWithStdout(full, dir, "train", "--data", data.toString(), "--hidden", "4", "--iterations", "3", "--quiet")
                .failed(Main.EXIT_ERROR, "cannot write to standard output (No space left on device)");
        Cli.Run logged = runWithStdout(full, dir, "train", "--data", data.toString(), "--hidden", "4", "--iterations",
                "100000000", "--save", "logged.npz");
        logged.failed(Main.EXIT_ERROR, "train: cannot write to standard output (No space left on device) after 1 "
                + "iteration of 100000000; saved the model (1 iteration) to logged.npz");
    }

    @Test
    void linesWithoutTextAreRefused() throws IOException {
        Path blank = dir.resolve("blank.txt");
        Files.writeString(blank, "\n  \n\t\n\n");
        Cli.runIn(dir, "train", "--data", "blank.txt", "--quiet").failed(Main.EXIT_ERROR,
                "data file blank.txt has no line with text");
    }

    @Test
    void aByteOrderMarkIsNotACharacter() throws IOException {
        Path bom = dir.resolve("bom.txt");
        Files.writeString(bom, "\uFEFFab\ncab\n");
        Path model = dir.resolve("m.npz");
        Cli.runIn(dir, "train", "--data", "bom.txt", "--hidden", "4", "--iterations", "30", "--save", "m.npz",
                "--quiet").succeeded();
        assertEquals("\nabc", ModelFile.load(model).vocabulary());
        String names = Cli.runIn(dir, "sample", "--model", "m.npz", "--n", "20").succeeded().out();
        assertFalse(names.contains("\uFEFF"), names);
    }

    @Test
    void charactersOutsideTheBmpAreNamedByLineAndColumn() throws IOException {
        Path emoji = dir.resolve("emoji.txt");
        Files.writeString(emoji, "ab\r\nc\uD83D\uDE00d\n");
        Cli.runIn(dir, "train", "--data", "emoji.txt", "--quiet").failed(Main.EXIT_ERROR,
                "emoji.txt:2:2: U+1F600 is outside the Basic Multilingual Plane; only characters up to U+FFFF");
        trainedModel("m.npz");
        Cli.runIn(dir, "sample", "--model", "m.npz", "--prefix", "a\uD83D\uDE00").failed(Main.EXIT_ERROR,
                "--prefix \"a\uD83D\uDE00\": '\uD83D\uDE00' (U+1F600) at character 2 is outside the Basic Multilingual");
    }

    @Test
    void everyConflictWithACheckpointIsExitOne() {
        Path model = trainedModel("m.npz");
        String m = model.toString();
        Cli.run("train", "--resume", m, "--iterations", "6", "--cell", "gru").failed(Main.EXIT_ERROR,
                "--cell gru does not match");
        Cli.run("train", "--resume", m, "--iterations", "6", "--hidden", "5").failed(Main.EXIT_ERROR,
                "--hidden 5 does not match");
        Cli.run("train", "--resume", m, "--iterations", "6", "--seed-init", "2").failed(Main.EXIT_ERROR,
                "--seed-init 2 does not match");
        Path other = dir.resolve("other.txt");
        try {
            Files.writeString(other, "xyz\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Cli.run("train", "--resume", m, "--iterations", "6", "--data", other.toString()).failed(Main.EXIT_ERROR,
                "cannot resume");
    }

    @Test
    void noCommandIsAUsageErrorOnStderr() {
        Cli.Run r = Cli.run();
        assertEquals(Main.EXIT_USAGE, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().contains("no command given") && r.err().contains("Usage: rnn-workbench"), r.err());
    }

    /** Rewrites one entry of a zip archive. */
    private static void replaceEntry(Path zip, String name, byte[] content) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                entries.put(entry.getName(), z.getInputStream(entry).readAllBytes());
            }
        }
        entries.put(name, content);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
    }

    @Test
    void aConfigThatIsNotJsonIsOneLine() throws IOException {
        Path model = trainedModel("m.npz");
        String text = "hidden=4";
        byte[] header = npyHeader("|S" + text.length(), "(1,)");
        byte[] entry = Arrays.copyOf(header, header.length + text.length());
        System.arraycopy(text.getBytes(StandardCharsets.US_ASCII), 0, entry, header.length, text.length());
        replaceEntry(model, "config.npy", entry);
        Cli.Run r = Cli.runIn(dir, "sample", "--model", "m.npz").failed(Main.EXIT_ERROR,
                "'config' is not valid JSON (malformed at line 1, column");
        assertFalse(r.err().contains("http") || r.err().contains("JsonReader"), r.err());
    }

    @Test
    void theHistoryGetsTheModelsPermissionsAndStaleTempsAreRemoved() throws IOException {
        Path stale = dir.resolve(".h.csv.2147483646-abc.tmp");
        Files.writeString(stale, "left by a killed run");
        train("--save", "m.npz", "--history", "h.csv").succeeded();
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("m.npz"))),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("h.csv"))));
        assertFalse(Files.exists(stale), "the stale temporary file of the history is removed");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.filter(p -> p.toString().endsWith(".tmp")).toList());
        }
        assertEquals(4, Files.readAllLines(dir.resolve("h.csv")).size(), "header and 3 rows");
        // An existing history is replaced by the next run's.
        train("--save", "m2.npz", "--history", "h.csv", "--iterations", "2").succeeded();
        assertEquals(3, Files.readAllLines(dir.resolve("h.csv")).size());
    }

    @Test
    void sampleSeedsTakeNumpysRange() {
        trainedModel("m.npz");
        Cli.runIn(dir, "sample", "--model", "m.npz", "--seed", "2147483648", "--n", "1").succeeded();
        Cli.runIn(dir, "sample", "--model", "m.npz", "--seed", "4294967197", "--n", "1").succeeded();
        Cli.runIn(dir, "sample", "--model", "m.npz", "--seed", "4294967198", "--n", "1").failed(Main.EXIT_USAGE,
                "--seed must be in [0, 4294967197]");
        Cli.runIn(dir, "sample", "--model", "m.npz", "--seed", "4294967197", "--n", "2").failed(Main.EXIT_USAGE,
                "runs past the largest seed 4294967197");
    }
}
