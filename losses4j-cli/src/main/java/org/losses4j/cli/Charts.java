package org.losses4j.cli;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Line charts to PNG or SVG (XChart), with legend, axis titles and grid. */
final class Charts {
    private Charts() {}

    static void line(Map<String, double[][]> series, String xTitle, String yTitle, String title, int width, int height, Path out) throws IOException {
        line(series, xTitle, yTitle, title, width, height, false, false, out);
    }

    /** As {@link #line(Map, String, String, String, int, int, Path)}, with logarithmic x and/or y axes (values must be > 0). */
    static void line(Map<String, double[][]> series, String xTitle, String yTitle, String title, int width, int height, boolean logX,
                     boolean logY, Path out) throws IOException {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(220, 220, 220));
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setXAxisDecimalPattern("#0.##");
        chart.getStyler().setXAxisTickMarkSpacingHint(120);
        chart.getStyler().setYAxisDecimalPattern("#0.##");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideN);
        if (logX || logY) chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        if (logX) {
            chart.getStyler().setXAxisLogarithmic(true);
            chart.getStyler().setXAxisDecimalPattern("0.#E0");
        }
        if (logY) {
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisDecimalPattern("0.###");
        }
        for (var e : series.entrySet()) {
            XYSeries s = chart.addSeries(e.getKey(), e.getValue()[0], finite(e.getValue()[1]));
            s.setMarker(SeriesMarkers.NONE);
        }
        String name = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) java.nio.file.Files.createDirectories(parent);
        if (name.endsWith(".svg")) {
            String base = out.toString().substring(0, out.toString().length() - 4);
            VectorGraphicsEncoder.saveVectorGraphic(chart, base, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } else {
            String base = out.toString().substring(0, out.toString().length() - 4);
            BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /** XChart rejects non-finite values: clip them to the largest finite magnitude in the series. */
    private static double[] finite(double[] y) {
        double big = 0;
        for (double v : y) if (Double.isFinite(v)) big = Math.max(big, Math.abs(v));
        double[] r = y.clone();
        for (int i = 0; i < r.length; i++) if (!Double.isFinite(r[i])) r[i] = Double.isNaN(r[i]) ? 0 : Math.copySign(big, r[i]);
        return r;
    }
}
