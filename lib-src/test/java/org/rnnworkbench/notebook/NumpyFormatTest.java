package org.rnnworkbench.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void tensorsLargeArraysAndMixedMagnitudesPrintAsNumpyPrintsThem() {
        for (JsonElement e : FIXTURE.getAsJsonArray("more")) {
            JsonObject c = e.getAsJsonObject();
            int[] shape = Golden.shape(c.get("array"));
            String expected = c.get("str").getAsString();
            assertEquals(expected, NumpyFormat.format(Golden.data(c.get("array")), shape), "shape " + java.util.Arrays.toString(shape));
            if (shape.length == 3) {
                assertEquals(expected, NumpyFormat.array(Golden.tensor(c.get("array"))));
            } else if (shape.length == 2) {
                assertEquals(expected, NumpyFormat.array(Golden.matrix(c.get("array"))));
            }
        }
    }

    @Test
    void formatChecksItsArguments() {
        assertEquals("[]", NumpyFormat.format(new double[0], 0, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NumpyFormat.format(new double[5], 2, 3));
        assertEquals("cOrder has 5 values but shape [2, 3] needs 6", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NumpyFormat.format(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> NumpyFormat.format(null, 1));
    }

    @Test
    void scalarsPrintAsPythonRepr() {
        for (JsonElement e : FIXTURE.getAsJsonArray("scalars")) {
            JsonObject c = e.getAsJsonObject();
            assertEquals(c.get("repr").getAsString(), NumpyFormat.scalar(c.get("value").getAsDouble()));
        }
    }

    @Test
    void aRowPrintsAsTheOneDimensionalArrayItHolds() {
        DMatrixRMaj m = new DMatrixRMaj(new double[][] {{1, -2.5, 3}, {0.125, 4e-3, -0.5}});
        assertEquals(NumpyFormat.array(1, -2.5, 3), NumpyFormat.array(m, 0));
        assertEquals(NumpyFormat.array(0.125, 4e-3, -0.5), NumpyFormat.array(m, 1));
        assertEquals("[ 0.125  0.004 -0.5  ]", NumpyFormat.array(m, 1));
        DMatrixRMaj column = new DMatrixRMaj(new double[][] {{0.25}, {-1}});
        assertEquals("[-1.]", NumpyFormat.array(column, 1));
    }

    @Test
    void aRowOutsideTheMatrixIsRejected() {
        DMatrixRMaj m = new DMatrixRMaj(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NumpyFormat.array(m, 2));
        assertEquals("row 2 is out of range: m is (2,3)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NumpyFormat.array(m, -1));
        assertThrows(IllegalArgumentException.class, () -> NumpyFormat.array((DMatrixRMaj) null, 0));
    }

    @Test
    void shapesPrintAsTuples() {
        assertEquals("(5, 10)", NumpyFormat.shape(new DMatrixRMaj(5, 10)));
        assertEquals("(3, 10, 4)", NumpyFormat.shape(new org.rnnworkbench.tensor.Tensor3(3, 10, 4)));
    }
}
