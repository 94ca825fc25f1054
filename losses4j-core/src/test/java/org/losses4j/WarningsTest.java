package org.losses4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.losses4j.nn.KLDivLoss;
import org.losses4j.nn.MSELoss;

/**
 * The warnings channel: PyTorch's texts, once per call site under the default action, Python's filter actions,
 * routing to a handler or to the {@code System.Logger}. Every test runs inside {@link Warnings#catchWarnings()}, which
 * restores the global state.
 */
class WarningsTest {

    static final String MSE_4X5_4X1 = "Using a target size (torch.Size([4, 1])) that is different to the input size (torch.Size([4, 5]))."
            + " This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.";

    private static Tensor mse(Tensor x, Tensor y) { return new MSELoss().forward(x, y); }

    @Test
    void emittedOncePerCallSiteWithPyTorchsText() {
        Tensor x = Tensor.randn(4, 5), y = Tensor.randn(4, 1);
        try (Warnings.Recorder rec = Warnings.catchWarnings()) {
            for (int i = 0; i < 3; i++) mse(x, y);   // one site, three calls
            assertEquals(List.of(MSE_4X5_4X1), rec.messages());
            Warnings.Warning w = rec.warnings().get(0);
            assertEquals("UserWarning", w.category());
            assertNotNull(w.site());
            // the site is the first frame outside the library: this test's helper, not MSELoss
            assertEquals(WarningsTest.class.getName(), w.site().getClassName());
            assertEquals("mse", w.site().getMethodName());
            assertEquals("WarningsTest.java:" + w.site().getLineNumber() + ": UserWarning: " + MSE_4X5_4X1, w.format());
        }
    }

    @Test
    void twiceForTwoCallSites() {
        Tensor x = Tensor.randn(4, 5), y = Tensor.randn(4, 1);
        try (Warnings.Recorder rec = Warnings.catchWarnings()) {
            new MSELoss().forward(x, y);
            new MSELoss().forward(x, y);
            for (int i = 0; i < 2; i++) new MSELoss().forward(x, y);
            assertEquals(List.of(MSE_4X5_4X1, MSE_4X5_4X1, MSE_4X5_4X1), rec.messages());
            List<Warnings.Warning> ws = rec.warnings();
            assertTrue(ws.get(0).site().getLineNumber() < ws.get(1).site().getLineNumber());
            assertTrue(ws.get(1).site().getLineNumber() < ws.get(2).site().getLineNumber());
        }
    }

    @Test
    void oneSiteWarnsOnceEvenWhenTheSizesChange() {
        try (Warnings.Recorder rec = Warnings.catchWarnings()) {
            for (int n = 2; n < 5; n++) mse(Tensor.randn(n, 5), Tensor.randn(n, 1));
            assertEquals(1, rec.warnings().size());
            assertTrue(rec.messages().get(0).startsWith("Using a target size (torch.Size([2, 1])) that is different to the input size"
                    + " (torch.Size([2, 5]))."), rec.messages().get(0));
        }
    }

    @Test
    void sameSizesDoNotWarn() {
        try (Warnings.Recorder rec = Warnings.catchWarnings()) {
            Warnings.simpleFilter(Warnings.Action.ALWAYS);
            mse(Tensor.randn(4, 5), Tensor.randn(4, 5));
            mse(Tensor.randn(3), Tensor.randn(3));
            assertEquals(List.of(), rec.messages());
        }
    }

    @Test
    void alwaysShowsEveryOccurrenceAndOnceOnlyTheFirstAnywhere() {
        Tensor x = Tensor.randn(4, 5), y = Tensor.randn(4, 1);
        try (Warnings.Recorder rec = Warnings.catchWarnings()) {
            Warnings.simpleFilter(Warnings.Action.ALWAYS);
            for (int i = 0; i < 3; i++) mse(x, y);
            assertEquals(3, rec.warnings().size());
        }
        try (Warnings.Recorder rec = Warnings.catchWarnings()) {
            Warnings.simpleFilter(Warnings.Action.ONCE);
            mse(x, y);
            new MSELoss().forward(x, y);
            assertEquals(1, rec.warnings().size());
        }
    }

    @Test
    void silencedWhenIgnored() {
        Tensor x = Tensor.randn(4, 5), y = Tensor.randn(4, 1);
        try (Warnings.Recorder rec = Warnings.catchWarnings()) {
            Warnings.simpleFilter(Warnings.Action.IGNORE);
            mse(x, y);
            new KLDivLoss().forward(Tensor.randn(3), Tensor.rand(3));
            assertEquals(List.of(), rec.messages());
        }
        // a message filter silences one warning and leaves the others
        try (Warnings.Recorder rec = Warnings.catchWarnings()) {
            Warnings.filterWarnings(Warnings.Action.IGNORE, "using a target size");   // case-insensitive, from the start
            mse(x, y);
            new KLDivLoss().forward(Tensor.randn(3), Tensor.rand(3));
            assertEquals(List.of(KLDivLoss.MEAN_WARNING), rec.messages());
        }
        // the newest matching filter wins; resetWarnings goes back to the default action
        try (Warnings.Recorder rec = Warnings.catchWarnings()) {
            Warnings.simpleFilter(Warnings.Action.IGNORE);
            Warnings.filterWarnings(Warnings.Action.ALWAYS, "Using a target");
            mse(x, y);
            mse(x, y);
            assertEquals(2, rec.warnings().size());
            Warnings.resetWarnings();
            assertSame(Warnings.Action.DEFAULT, Warnings.actionFor(MSE_4X5_4X1));
        }
    }

    @Test
    void changingTheFiltersForgetsWhatWasShown() {
        Tensor x = Tensor.randn(4, 5), y = Tensor.randn(4, 1);
        try (Warnings.Recorder rec = Warnings.catchWarnings()) {
            for (int i = 0; i < 2; i++) {
                mse(x, y);
                Warnings.resetWarnings();
            }
            assertEquals(2, rec.warnings().size());
        }
    }

    @Test
    void errorThrowsBeforeTheLossIsComputed() {
        Tensor x = Tensor.randn(4, 5).requiresGrad_(true), y = Tensor.randn(4, 1);
        try (Warnings.Recorder rec = Warnings.catchWarnings()) {
            Warnings.simpleFilter(Warnings.Action.ERROR);
            Warnings.WarningException e = assertThrows(Warnings.WarningException.class, () -> mse(x, y));
            assertEquals("UserWarning: " + MSE_4X5_4X1, e.getMessage());
            assertEquals(MSE_4X5_4X1, e.warning().message());
            assertEquals(List.of(), rec.messages());
        }
        assertNull(x.grad());
    }

    @Test
    void routedToACustomHandlerAndBack() {
        Tensor x = Tensor.randn(4, 5), y = Tensor.randn(4, 1);
        List<Warnings.Warning> seen = new ArrayList<>();
        try (Warnings.Recorder rec = Warnings.catchWarnings()) {
            var previous = Warnings.setHandler(seen::add);
            mse(x, y);
            assertEquals(1, seen.size());
            assertEquals(MSE_4X5_4X1, seen.get(0).message());
            assertEquals(List.of(), rec.messages(), "the handler replaced the recorder");
            Warnings.setHandler(previous);
            Warnings.resetWarnings();
            mse(x, y);
            assertEquals(1, rec.warnings().size());
            assertEquals(1, seen.size());
        }
    }

    @Test
    void theDefaultHandlerLogsThroughSystemLoggerToJavaUtilLogging() {
        Logger jul = Logger.getLogger(Warnings.LOGGER_NAME);
        List<LogRecord> records = new ArrayList<>();
        Handler h = new Handler() {
            @Override public void publish(LogRecord r) { records.add(r); }
            @Override public void flush() {}
            @Override public void close() {}
        };
        boolean parents = jul.getUseParentHandlers();
        jul.addHandler(h);
        jul.setUseParentHandlers(false);   // keep the test's output clean
        try (Warnings.Recorder rec = Warnings.catchWarnings()) {
            Warnings.setHandler(null);     // the logger, as outside the block
            mse(Tensor.randn(4, 5), Tensor.randn(4, 1));
            assertEquals(1, records.size());
            assertEquals(java.util.logging.Level.WARNING, records.get(0).getLevel());
            String m = records.get(0).getMessage();
            assertTrue(m.matches("WarningsTest\\.java:\\d+: UserWarning: .*"), m);
            assertTrue(m.endsWith(MSE_4X5_4X1), m);
        } finally {
            jul.removeHandler(h);
            jul.setUseParentHandlers(parents);
        }
    }

    @Test
    void warnFormatsItsValuesAndKeysOnTheTemplate() {
        try (Warnings.Recorder rec = Warnings.catchWarnings()) {
            for (int i = 0; i < 3; i++) Warnings.warn("value %s of %s", i, 3.5);
            assertEquals(List.of("value 0 of 3.5"), rec.messages());
            assertEquals("value %s of %s", rec.warnings().get(0).template());
            Warnings.warn("no values: 100%");   // used as is
            assertEquals("no values: 100%", rec.messages().get(1));
            Warnings.warnAs("DeprecationWarning", "old %s", "api");
            assertEquals("DeprecationWarning: old api", rec.warnings().get(2).format().replaceFirst("^\\S+:\\d+: ", ""));
        }
    }

    @Test
    void actionsHavePythonsNames() {
        assertSame(Warnings.Action.IGNORE, Warnings.Action.of("ignore"));
        assertSame(Warnings.Action.ALWAYS, Warnings.Action.of("Always"));
        assertEquals("once", Warnings.Action.ONCE.pythonName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Warnings.Action.of("loud"));
        assertEquals("invalid action: 'loud'", e.getMessage());
    }

    @Test
    void closingARecorderRestoresFiltersAndHandler() {
        List<Warnings.Warning> seen = new ArrayList<>();
        try (Warnings.Recorder outer = Warnings.catchWarnings()) {
            Warnings.setHandler(seen::add);
            Warnings.simpleFilter(Warnings.Action.ALWAYS);
            try (Warnings.Recorder inner = Warnings.catchWarnings()) {
                Warnings.simpleFilter(Warnings.Action.IGNORE);
                Warnings.warn("hidden");
                assertEquals(List.of(), inner.messages());
            }
            Warnings.warn("shown");
            Warnings.warn("shown");
            assertEquals(2, seen.size());
            assertEquals(List.of(), outer.messages());
        }
    }
}
