package org.losses4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LossEvaluator: the loss of an MLlib model's predictions, and model selection with CrossValidator / TrainValidationSplit. */
class LossEvaluatorTest {
    static SparkSession spark;
    static Dataset<Row> data;

    @BeforeAll
    static void start() {
        spark = SparkTestSupport.localSession("local[2]");
        Random r = new Random(3);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int y = i % 3;
            double a = r.nextGaussian() + (y == 0 ? 1.5 : y == 1 ? -1.0 : 0.0), b = r.nextGaussian() + (y == 2 ? 1.5 : 0.0);
            rows.add(RowFactory.create((double) y, Vectors.dense(a, b)));
        }
        data = spark.createDataFrame(rows, new StructType().add("label", DataTypes.DoubleType, false).add("features", new VectorUDT(), false));
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    @Test
    void crossEntropyOfTheMarginsIsMllibsLogLossOfTheProbabilities() {
        Dataset<Row> pred = new LogisticRegression().setMaxIter(30).fit(data).transform(data);
        LossEvaluator ce = new LossEvaluator();
        double ours = ce.evaluate(pred);
        double mllib = new MulticlassClassificationEvaluator().setMetricName("logLoss").evaluate(pred);
        assertEquals(mllib, ours, 1e-9 * mllib);
        assertFalse(ce.isLargerBetter());
        // NLLLoss needs log-probabilities: not the same column, not the same value
        double smoothed = new LossEvaluator().setOptions("label_smoothing=0.2").evaluate(pred);
        assertTrue(smoothed > ours, "label smoothing adds the cross entropy with the uniform distribution");
    }

    @Test
    void selectsTheLeastRegularisedModelInCrossValidationAndTrainValidationSplit() {
        LogisticRegression lr = new LogisticRegression().setMaxIter(10);
        ParamMap[] grid = new ParamGridBuilder().addGrid(lr.regParam(), new double[] {5.0, 0.0, 1.0}).build();
        LossEvaluator eval = new LossEvaluator().setLoss("CrossEntropyLoss");
        CrossValidatorModel cv = new CrossValidator().setEstimator(lr).setEvaluator(eval).setEstimatorParamMaps(grid).setNumFolds(2).setSeed(1).fit(data);
        double[] m = cv.avgMetrics();
        assertTrue(m[1] < m[2] && m[2] < m[0], "the loss grows with the regularisation: " + java.util.Arrays.toString(m));
        assertEquals(0.0, ((org.apache.spark.ml.classification.LogisticRegressionModel) cv.bestModel()).getRegParam());
        TrainValidationSplitModel tv = new TrainValidationSplit().setEstimator(lr).setEvaluator(eval).setEstimatorParamMaps(grid).setTrainRatio(0.7)
                .setSeed(1).fit(data);
        assertEquals(0.0, ((org.apache.spark.ml.classification.LogisticRegressionModel) tv.bestModel()).getRegParam());
    }

    @Test
    void argumentsComeFromTheColumnsSetAndUnknownOnesFail() {
        Dataset<Row> pred = new LogisticRegression().setMaxIter(5).fit(data).transform(data);
        LossEvaluator mm = new LossEvaluator().setLoss("MultiMarginLoss").setColumn("input", "rawPrediction");
        assertTrue(mm.evaluate(pred) > 0);
        LossEvaluator wrong = new LossEvaluator().setColumn("inputs", "rawPrediction");
        Exception e = assertThrows(IllegalArgumentException.class, () -> wrong.evaluate(pred));
        assertTrue(e.getMessage().contains("has no argument 'inputs'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LossEvaluator().setLoss("Nope"));
        LossEvaluator copy = eval().copy(new ParamMap());
        assertEquals("KLDivLoss", copy.getOrDefault(copy.loss()));
    }

    private static LossEvaluator eval() { return new LossEvaluator().setLoss("KLDivLoss").setOptions("reduction='batchmean'"); }
}
