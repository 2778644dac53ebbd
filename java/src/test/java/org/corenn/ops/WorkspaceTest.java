package org.corenn.ops;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.corenn.runtime.CpuInfo;
import org.corenn.runtime.Options;
import org.corenn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class WorkspaceTest {
    @Test
    void sizes_atLeastWhatWasAsked_neverZero() {
        assertThrows(IllegalArgumentException.class, () -> Workspace.allocate(-1));
        try (Workspace zero = Workspace.allocate(0); Workspace big = Workspace.allocate(100_000)) {
            assertEquals(64, zero.bytes());
            assertEquals(100_000, big.bytes());
        }
    }

    @Test
    void aWorkspaceInUse_isRefusedToASecondCall() {
        try (Pool2dOp pool = Pool2dOp.create(Pool2dParams.max(2), Options.defaults());
                Tensor x = Tensor.zeros(1, 1, 4, 4); Tensor y = Tensor.zeros(1, 1, 2, 2);
                Workspace ws = Workspace.allocate(pool.workspaceBytes(x.shape()))) {
            ws.acquire("another call", 0);
            try {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(x, y, ws));
                assertTrue(e.getMessage().contains("is in use by another call (use one per thread)"), e.getMessage());
            } finally {
                ws.release();
            }
            assertDoesNotThrow(() -> pool.run(x, y, ws));
        }
    }

    @Test
    void closeTwiceHarmless_useAfterCloseThrows_nothingLeaks() {
        long before = CpuInfo.liveNativeAllocations();
        Workspace ws = Workspace.allocate(1000);
        ws.close();
        assertDoesNotThrow(ws::close);
        assertTrue(ws.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ws.acquire("pool2d", 10));
        assertEquals("pool2d: Workspace[1000 bytes, closed] is closed", e.getMessage());
        assertEquals(before, CpuInfo.liveNativeAllocations());
    }
}
