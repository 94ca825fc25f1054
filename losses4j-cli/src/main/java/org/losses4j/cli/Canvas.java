package org.losses4j.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * What a chart draws on: lines, polylines, rectangles and text, in pixels from the top left. Two implementations
 * share one layout: {@link Png} (Java2D onto an image) and {@link Svg} (an SVG document written as text, with real
 * {@code <text>} elements). Text is measured with the same font for both.
 */
interface Canvas {
    /** Horizontal text alignment relative to the given point. */
    enum Align { START, MIDDLE, END }

    /** The font the layout measures with; the SVG names the same family first. */
    String FONT_FAMILY = Font.SANS_SERIF;

    /** The width of {@code s} in pixels at {@code size} px. */
    static double textWidth(String s, double size, boolean bold) {
        Font f = new Font(FONT_FAMILY, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) size);
        Rectangle2D r = f.getStringBounds(s, new FontRenderContext(new AffineTransform(), true, true));
        return r.getWidth();
    }

    void rect(double x, double y, double w, double h, Color fill, Color stroke, double strokeWidth);

    void line(double x1, double y1, double x2, double y2, Color colour, double width);

    /** Polylines (each an array x0, y0, x1, y1, ...) in one colour, width and dash pattern (null: solid). */
    void polylines(List<double[]> runs, Color colour, double width, float[] dash, String title);

    /** Text whose baseline starts, centres or ends at (x, y); {@code vertical} turns it 90 degrees anticlockwise. */
    void text(String s, double x, double y, double size, boolean bold, Align align, boolean vertical, Color colour);

    /** Java2D onto an ARGB image, antialiased. */
    final class Png implements Canvas {
        final BufferedImage image;
        private final Graphics2D g;

        Png(int width, int height) {
            image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
            g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        }

        @Override
        public void rect(double x, double y, double w, double h, Color fill, Color stroke, double strokeWidth) {
            Rectangle2D r = new Rectangle2D.Double(x, y, w, h);
            if (fill != null) {
                g.setColor(fill);
                g.fill(r);
            }
            if (stroke != null) {
                g.setColor(stroke);
                g.setStroke(new BasicStroke((float) strokeWidth));
                g.draw(r);
            }
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, Color colour, double width) {
            g.setColor(colour);
            g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
            g.draw(new java.awt.geom.Line2D.Double(x1, y1, x2, y2));
        }

        @Override
        public void polylines(List<double[]> runs, Color colour, double width, float[] dash, String title) {
            g.setColor(colour);
            g.setStroke(dash == null ? new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
                    : new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f));
            for (double[] r : runs) {
                Path2D.Double p = new Path2D.Double();
                p.moveTo(r[0], r[1]);
                for (int i = 2; i < r.length; i += 2) p.lineTo(r[i], r[i + 1]);
                g.draw(p);
            }
        }

        @Override
        public void text(String s, double x, double y, double size, boolean bold, Align align, boolean vertical, Color colour) {
            Font f = new Font(FONT_FAMILY, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) size);
            g.setFont(f);
            g.setColor(colour);
            double w = Canvas.textWidth(s, size, bold);
            double shift = align == Align.START ? 0 : align == Align.MIDDLE ? -w / 2 : -w;
            if (!vertical) {
                g.drawString(s, (float) (x + shift), (float) y);
                return;
            }
            AffineTransform saved = g.getTransform();
            g.translate(x, y);
            g.rotate(-Math.PI / 2);
            g.drawString(s, (float) shift, 0f);
            g.setTransform(saved);
        }
    }

    /** An SVG 1.1 document: one element per primitive, coordinates to 0.1 px, text as text. */
    final class Svg implements Canvas {
        private final StringBuilder b = new StringBuilder(1 << 15);
        private final int width, height;

        Svg(int width, int height) {
            this.width = width;
            this.height = height;
        }

        @Override
        public void rect(double x, double y, double w, double h, Color fill, Color stroke, double strokeWidth) {
            b.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w)).append("\" height=\"")
                    .append(n(h)).append("\" fill=\"").append(fill == null ? "none" : hex(fill)).append('"');
            if (fill != null && fill.getAlpha() < 255) b.append(" fill-opacity=\"").append(n(fill.getAlpha() / 255.0)).append('"');
            if (stroke != null) b.append(" stroke=\"").append(hex(stroke)).append("\" stroke-width=\"").append(n(strokeWidth)).append('"');
            b.append("/>\n");
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, Color colour, double width) {
            b.append("<path d=\"M").append(n(x1)).append(' ').append(n(y1)).append('L').append(n(x2)).append(' ').append(n(y2))
                    .append("\" stroke=\"").append(hex(colour)).append("\" stroke-width=\"").append(n(width)).append("\"/>\n");
        }

        @Override
        public void polylines(List<double[]> runs, Color colour, double width, float[] dash, String title) {
            if (runs.isEmpty()) return;
            b.append("<path fill=\"none\" stroke=\"").append(hex(colour)).append("\" stroke-width=\"").append(n(width)).append('"');
            if (dash != null) {
                b.append(" stroke-dasharray=\"");
                for (int i = 0; i < dash.length; i++) b.append(i == 0 ? "" : ",").append(n(dash[i]));
                b.append('"');
            } else {
                b.append(" stroke-linecap=\"round\"");
            }
            b.append(" stroke-linejoin=\"round\" d=\"");
            for (double[] r : runs) {
                b.append('M').append(n(r[0])).append(' ').append(n(r[1]));
                for (int i = 2; i < r.length; i += 2) b.append(i == 2 ? "L" : " ").append(n(r[i])).append(' ').append(n(r[i + 1]));
            }
            b.append('"');
            if (title != null) b.append("><title>").append(escape(title)).append("</title></path>\n");
            else b.append("/>\n");
        }

        @Override
        public void text(String s, double x, double y, double size, boolean bold, Align align, boolean vertical, Color colour) {
            b.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"").append(n(size)).append('"');
            if (bold) b.append(" font-weight=\"bold\"");
            if (align != Align.START) b.append(" text-anchor=\"").append(align == Align.MIDDLE ? "middle" : "end").append('"');
            if (vertical) b.append(" transform=\"rotate(-90 ").append(n(x)).append(' ').append(n(y)).append(")\"");
            if (!colour.equals(Color.BLACK)) b.append(" fill=\"").append(hex(colour)).append('"');
            b.append('>').append(escape(s)).append("</text>\n");
        }

        /** The whole document. */
        String document() {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + width + "\" height=\"" + height
                    + "\" viewBox=\"0 0 " + width + " " + height + "\" font-family=\"DejaVu Sans, Verdana, Arial, Helvetica, sans-serif\">\n"
                    + b + "</svg>\n";
        }

        /** A coordinate to at most one decimal, without a trailing ".0". */
        static String n(double v) {
            long t = Math.round(v * 10);
            if (t % 10 == 0) return Long.toString(t / 10);
            return String.format(Locale.ROOT, "%.1f", t / 10.0);
        }

        static String hex(Color c) { return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue()); }

        static String escape(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }
    }
}
