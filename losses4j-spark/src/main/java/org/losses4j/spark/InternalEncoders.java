package org.losses4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoder;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoders;
import org.apache.spark.sql.catalyst.encoders.AgnosticExpressionPathEncoder;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The aggregate's input encoder: a {@link Row} whose cells stay in Spark's internal form ({@code ArrayData} for
 * arrays, boxed primitives for numbers). The usual row encoder would turn every array into a Scala collection of
 * boxed numbers (one object per element); this one reads {@code ArrayData} as the projection of the input row left
 * it, and {@link Batch} copies its elements straight into the batch's primitive buffers. Falls back to the usual
 * encoder if the Spark in use has no expression-path encoders.
 */
final class InternalEncoders {
    private InternalEncoders() {}

    /** Passes a column's internal value through, unconverted. */
    static final class PassThrough implements AgnosticExpressionPathEncoder<Object> {
        private static final long serialVersionUID = 1L;
        private final DataType type;

        PassThrough(DataType type) { this.type = type; }

        @Override public boolean isPrimitive() { return false; }

        @Override public DataType dataType() { return type; }

        @Override public ClassTag<Object> clsTag() { return ClassTag$.MODULE$.apply(Object.class); }

        /** Never run (the aggregate only reads its input): a NULL of the column's type, which gives the encoder its schema. */
        @Override public Expression toCatalyst(Expression input) { return org.apache.spark.sql.catalyst.expressions.Literal$.MODULE$.create(null, type); }

        @Override public Expression fromCatalyst(Expression inputPath) { return inputPath; }
    }

    /** A row encoder of the schema whose cells pass through in their internal form (or the usual one as a fallback). */
    static Encoder<Row> rowOf(StructType schema) {
        try {
            List<AgnosticEncoders.EncoderField> fields = new ArrayList<>();
            for (StructField f : schema.fields()) {
                fields.add(new AgnosticEncoders.EncoderField(f.name(), new PassThrough(f.dataType()), true, Metadata.empty(), Option.empty(), Option.empty()));
            }
            @SuppressWarnings("unchecked")
            AgnosticEncoder<Row> e = (AgnosticEncoder<Row>) (AgnosticEncoder<?>) new AgnosticEncoders.RowEncoder(CollectionConverters.asScala(fields).toSeq());
            return e;
        } catch (LinkageError e) {
            return Encoders.row(schema);
        }
    }
}
