package org.losses4j.internal.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradCheck;

/** Every differentiable op passes the float64 finite-difference check, including broadcast cases. */
class OpsGradCheckTest {

    private static Tensor rnd(long seed, int... shape) {
        return Tensor.randn(new Generator(seed), DType.FLOAT64, shape).requiresGrad_(true);
    }

    private static Tensor pos(long seed, int... shape) {
        Tensor t = Tensor.rand(new Generator(seed), DType.FLOAT64, shape).add(0.5).detach();
        return t.requiresGrad_(true);
    }

    private static void add(List<DynamicTest> l, String name, Function<Tensor[], Tensor> f, Tensor... in) {
        l.add(DynamicTest.dynamicTest(name, () -> {
            var r = GradCheck.check(f, in);
            assertTrue(r.passed(), name + ": " + r.worst());
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyDifferentiableOp() {
        List<DynamicTest> t = new ArrayList<>();
        add(t, "add_broadcast", a -> a[0].add(a[1]), rnd(1, 3, 1), rnd(2, 1, 4));
        add(t, "sub_broadcast", a -> a[0].sub(a[1]), rnd(3, 2, 3, 4), rnd(4, 4));
        add(t, "mul_broadcast", a -> a[0].mul(a[1]), rnd(5, 3, 1), rnd(6, 4));
        add(t, "div_broadcast", a -> a[0].div(a[1]), rnd(7, 2, 3), pos(8, 3));
        add(t, "mul_0d", a -> a[0].mul(a[1]), rnd(9), rnd(10, 2, 3));
        add(t, "pow_tensor", a -> a[0].pow(a[1]), pos(11, 2, 3), rnd(12, 3));
        add(t, "pow_scalar", a -> a[0].pow(2.5), pos(13, 4));
        add(t, "rpow_scalar", a -> a[0].rpow(1.7), rnd(14, 4));
        add(t, "scalar_ops", a -> a[0].add(2).sub(1).mul(3).div(2).rsub(1).rdiv(5), pos(15, 5));
        add(t, "maximum", a -> a[0].maximum(a[1]), rnd(16, 3, 4), rnd(17, 4));
        add(t, "minimum", a -> a[0].minimum(a[1]), rnd(18, 3, 4), rnd(19, 3, 1));
        add(t, "where", a -> Tensor.where(a[0].detach().gt(0), a[0], a[1]), rnd(20, 2, 3), rnd(21, 3));
        add(t, "neg", a -> a[0].neg(), rnd(22, 3));
        add(t, "exp", a -> a[0].exp(), rnd(23, 3));
        add(t, "log", a -> a[0].log(), pos(24, 3));
        add(t, "log1p", a -> a[0].log1p(), pos(25, 3));
        add(t, "expm1", a -> a[0].expm1(), rnd(26, 3));
        add(t, "abs", a -> a[0].abs(), rnd(27, 5));
        add(t, "sqrt", a -> a[0].sqrt(), pos(28, 3));
        add(t, "sigmoid", a -> a[0].sigmoid(), rnd(29, 3, 2));
        add(t, "tanh", a -> a[0].tanh(), rnd(30, 3));
        add(t, "relu", a -> a[0].relu(), rnd(31, 6));
        add(t, "softplus", a -> a[0].softplus(2, 1.5), rnd(32, 6));
        add(t, "clamp", a -> a[0].clamp(-0.5, 0.5), rnd(33, 8));
        add(t, "sum_all", a -> a[0].sum(), rnd(34, 2, 3));
        add(t, "sum_dims", a -> a[0].sum(new int[] {0, 2}, true), rnd(35, 2, 3, 4));
        add(t, "mean_dim", a -> a[0].mean(-1), rnd(36, 2, 3));
        add(t, "max_all", a -> a[0].max(), rnd(37, 2, 3));
        add(t, "min_dim", a -> a[0].min(1, false).values(), rnd(38, 3, 4));
        add(t, "logsumexp", a -> a[0].logsumexp(1, true), rnd(39, 3, 4));
        add(t, "norm2", a -> a[0].norm(2, 1, false), rnd(40, 3, 4));
        add(t, "norm1", a -> a[0].norm(1), rnd(41, 5));
        add(t, "norm3", a -> a[0].norm(3, 0, true), rnd(42, 4, 2));
        add(t, "norm_inf", a -> a[0].norm(Double.POSITIVE_INFINITY), rnd(43, 5));
        add(t, "softmax", a -> a[0].softmax(1), rnd(44, 2, 5));
        add(t, "log_softmax", a -> a[0].logSoftmax(0), rnd(45, 4, 3));
        add(t, "views", a -> a[0].transpose(0, 1).reshape(-1).unsqueeze(0).expand(2, 6).select(0, 1).narrow(0, 1, 4).mul(a[0].flatten().narrow(0, 0, 4)), rnd(46, 2, 3));
        add(t, "permute_contiguous_squeeze", a -> a[0].permute(2, 0, 1).contiguous().squeeze(1).sum(0), rnd(47, 3, 1, 2));
        add(t, "to_float32_and_back", a -> a[0].mul(2).to(DType.FLOAT64), rnd(48, 3));
        add(t, "clone", a -> a[0].clone().mul(a[0]), rnd(49, 3));
        return t.stream();
    }
}
