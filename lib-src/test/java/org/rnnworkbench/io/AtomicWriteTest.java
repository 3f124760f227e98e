package org.rnnworkbench.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnnworkbench.io.ModelFile.Model;

/** A save that fails at any step leaves the previous file as it was and no temporary file behind. */
class AtomicWriteTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = AtomicWrite.Stage.class, names = {"TEMP_CREATED", "CONTENT_WRITTEN", "SYNCED"})
    void aFailureBeforeTheRenameKeepsTheOldFile(AtomicWrite.Stage failAt) throws IOException {
        Path file = dir.resolve("model.npz");
        Model old = TestModels.random(new Random(1), 5, 4, true);
        ModelFile.save(file, old);
        byte[] before = Files.readAllBytes(file);
        Model next = TestModels.random(new Random(2), 5, 4, true);

        List<AtomicWrite.Stage> seen = new ArrayList<>();
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.save(file, next, false,
                stage -> {
                    seen.add(stage);
                    assertEquals(2, ModelFileTest.fileNames(dir).size(), "the temporary file sits beside the target");
                    if (stage == failAt) {
                        throw new IllegalStateException("simulated failure (disk full) at " + stage);
                    }
                }));
        assertTrue(e.getMessage().startsWith(file + ": could not save ("), e.getMessage());
        assertTrue(e.getMessage().contains("simulated failure (disk full) at " + failAt), e.getMessage());
        assertTrue(e.getMessage().endsWith("the file on disk is unchanged"), e.getMessage());
        assertEquals(failAt, seen.get(seen.size() - 1));
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of("model.npz"), ModelFileTest.fileNames(dir));
        TestModels.assertSameModel(old, ModelFile.load(file));
    }

    @Test
    void theStepsRunInOrderAndTheRenamePublishesTheNewFile() {
        Path file = dir.resolve("model.npz");
        Model m = TestModels.random(new Random(3), 3, 2, false);
        List<AtomicWrite.Stage> seen = new ArrayList<>();
        ModelFile.save(file, m, true, seen::add);
        assertEquals(List.of(AtomicWrite.Stage.values()), seen);
        TestModels.assertSameModel(m, ModelFile.load(file));
        assertEquals(List.of("model.npz"), ModelFileTest.fileNames(dir));
    }

    @Test
    void aTargetWhoseFolderIsAFileFails() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("notes.txt"), "keep me");
        Path file = notAFolder.resolve("model.npz");
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> ModelFile.save(file, TestModels.random(new Random(4), 2, 2, false)));
        assertTrue(e.getMessage().startsWith(file + ": could not save ("), e.getMessage());
        assertTrue(e.getMessage().contains("the folder " + notAFolder + " is not a folder"), e.getMessage());
        assertEquals("keep me", Files.readString(notAFolder));
        assertEquals(List.of("notes.txt"), ModelFileTest.fileNames(dir));
    }

    @Test
    void aTargetThatIsAFolderIsLeftAlone() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("model.npz"));
        Files.writeString(folder.resolve("inside.txt"), "keep me");
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> ModelFile.save(folder, TestModels.random(new Random(5), 2, 2, false)));
        assertTrue(e.getMessage().startsWith(folder + ": could not save ("), e.getMessage());
        assertTrue(Files.isDirectory(folder));
        assertEquals("keep me", Files.readString(folder.resolve("inside.txt")));
        assertEquals(List.of("model.npz"), ModelFileTest.fileNames(dir));
    }

    @Test
    void staleTemporaryFilesOfDeadProcessesAreRemovedOnTheNextSave() throws Exception {
        Path file = dir.resolve("model.npz");
        Process finished = new ProcessBuilder(javaBinary(), "-version").redirectErrorStream(true).start();
        finished.getInputStream().readAllBytes();
        finished.waitFor();
        long deadPid = finished.pid();
        long livePid = ProcessHandle.current().parent().map(ProcessHandle::pid).orElseThrow();
        long selfPid = ProcessHandle.current().pid();
        Path stale = Files.writeString(dir.resolve(".model.npz." + deadPid + "-1f2e3d.tmp"), "half a model");
        Path ofLiveProcess = Files.writeString(dir.resolve(".model.npz." + livePid + "-abc.tmp"), "in flight");
        Path ofThisProcess = Files.writeString(dir.resolve(".model.npz." + selfPid + "-def.tmp"), "in flight");
        Path otherTarget = Files.writeString(dir.resolve(".other.npz." + deadPid + "-abc.tmp"), "not ours");
        Path unrelated = Files.writeString(dir.resolve(".model.npz.notes.tmp"), "not a temporary file");
        assertTrue(AtomicWrite.isTempFor(file, stale));
        assertFalse(AtomicWrite.isTempFor(file, otherTarget));
        assertFalse(AtomicWrite.isTempFor(file, unrelated));

        ModelFile.save(file, TestModels.random(new Random(6), 2, 2, false));

        assertFalse(Files.exists(stale), "the dead process's temporary file is removed");
        assertTrue(Files.exists(ofLiveProcess), "a live process may still be writing");
        assertTrue(Files.exists(ofThisProcess), "another thread of this process may still be writing");
        assertTrue(Files.exists(otherTarget));
        assertTrue(Files.exists(unrelated));
    }

    @Test
    void theSavedFileHasTheFolderDefaultPermissionsNotOwnerOnly() throws IOException {
        Path file = dir.resolve("model.npz");
        ModelFile.save(file, TestModels.random(new Random(7), 2, 2, false));
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
