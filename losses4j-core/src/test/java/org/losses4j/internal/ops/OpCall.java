package org.losses4j.internal.ops;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import org.losses4j.Tensor;
import org.losses4j.testing.Golden;

/** Maps a fixture's op name and kwargs (PyTorch's) to our Tensor API. */
final class OpCall {
    private OpCall() {}

    private static int[] intsOrOne(JsonElement e) {
        if (e.isJsonArray()) return Golden.ints(e);
        return new int[] {e.getAsInt()};
    }

    static Tensor[] call(String op, List<Tensor> a, JsonObject kw) {
        Tensor x = a.get(0);
        boolean keep = kw.has("keepdim") && kw.get("keepdim").getAsBoolean();
        if (kw.has("scalar")) {
            double s = kw.get("scalar").getAsDouble();
            boolean rev = kw.has("reverse") && kw.get("reverse").getAsBoolean();
            switch (op) {
                case "add": return one(x.add(s));
                case "sub": return one(rev ? x.rsub(s) : x.sub(s));
                case "mul": return one(x.mul(s));
                case "div": return one(rev ? x.rdiv(s) : x.div(s));
                case "pow": return one(rev ? x.rpow(s) : x.pow(s));
                default: throw new IllegalArgumentException("scalar form of " + op);
            }
        }
        switch (op) {
            case "add": return one(x.add(a.get(1)));
            case "sub": return one(x.sub(a.get(1)));
            case "mul": return one(x.mul(a.get(1)));
            case "div": return one(x.div(a.get(1)));
            case "pow": return one(x.pow(a.get(1)));
            case "maximum": return one(x.maximum(a.get(1)));
            case "minimum": return one(x.minimum(a.get(1)));
            case "eq": return one(x.eq(a.get(1)));
            case "ne": return one(x.ne(a.get(1)));
            case "lt": return one(x.lt(a.get(1)));
            case "le": return one(x.le(a.get(1)));
            case "gt": return one(x.gt(a.get(1)));
            case "ge": return one(x.ge(a.get(1)));
            case "where": return one(Tensor.where(x, a.get(1), a.get(2)));
            case "neg": return one(x.neg());
            case "exp": return one(x.exp());
            case "log": return one(x.log());
            case "log1p": return one(x.log1p());
            case "expm1": return one(x.expm1());
            case "abs": return one(x.abs());
            case "sign": return one(x.sign());
            case "sqrt": return one(x.sqrt());
            case "sigmoid": return one(x.sigmoid());
            case "tanh": return one(x.tanh());
            case "relu": return one(x.relu());
            case "softplus": return one(x.softplus(kw.get("beta").getAsDouble(), kw.get("threshold").getAsDouble()));
            case "clamp": return one(x.clamp(kw.has("min") ? kw.get("min").getAsDouble() : null, kw.has("max") ? kw.get("max").getAsDouble() : null));
            case "sum": return one(kw.has("dim") ? x.sum(intsOrOne(kw.get("dim")), keep) : x.sum());
            case "mean": return one(kw.has("dim") ? x.mean(intsOrOne(kw.get("dim")), keep) : x.mean());
            case "max":
            case "min": {
                boolean max = op.equals("max");
                if (!kw.has("dim")) return one(max ? x.max() : x.min());
                var vi = max ? x.max(kw.get("dim").getAsInt(), keep) : x.min(kw.get("dim").getAsInt(), keep);
                return new Tensor[] {vi.values(), vi.indices()};
            }
            case "argmax": {
                if (kw.has("dim")) return one(x.argmax(kw.get("dim").getAsInt(), keep));
                Tensor r = x.argmax();
                if (keep) { int[] ones = new int[x.dim()]; java.util.Arrays.fill(ones, 1); r = r.reshape(ones); }
                return one(r);
            }
            case "logsumexp": return one(x.logsumexp(intsOrOne(kw.get("dim")), keep));
            case "norm": {
                JsonElement p = kw.get("p");
                double ord = p.getAsJsonPrimitive().isString() ? parseOrd(p.getAsString()) : p.getAsDouble();
                return one(kw.has("dim") ? x.norm(ord, kw.get("dim").getAsInt(), keep) : (keep ? Reductions.norm(x, ord, null, true) : x.norm(ord)));
            }
            case "softmax": return one(x.softmax(kw.get("dim").getAsInt()));
            case "log_softmax": return one(x.logSoftmax(kw.get("dim").getAsInt()));
            case "reshape": return one(x.reshape(Golden.ints(kw.get("shape"))));
            case "transpose": return one(x.transpose(kw.get("dim0").getAsInt(), kw.get("dim1").getAsInt()));
            case "transpose_contiguous": return one(x.transpose(kw.get("dim0").getAsInt(), kw.get("dim1").getAsInt()).contiguous());
            case "permute": return one(x.permute(Golden.ints(kw.get("dims"))));
            case "unsqueeze": return one(x.unsqueeze(kw.get("dim").getAsInt()));
            case "squeeze": return one(kw.has("dim") ? x.squeeze(kw.get("dim").getAsInt()) : x.squeeze());
            case "flatten": return one(x.flatten(kw.get("start_dim").getAsInt(), kw.get("end_dim").getAsInt()));
            case "expand": return one(x.expand(Golden.ints(kw.get("sizes"))));
            case "select": return one(x.select(kw.get("dim").getAsInt(), kw.get("index").getAsInt()));
            case "narrow": return one(x.narrow(kw.get("dim").getAsInt(), kw.get("start").getAsInt(), kw.get("length").getAsInt()));
            case "to": return one(x.to(Golden.dtype(kw.get("dtype").getAsString())));
            default: throw new IllegalArgumentException("unknown op " + op);
        }
    }

    private static double parseOrd(String s) {
        switch (s) {
            case "inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            default: return Double.parseDouble(s);
        }
    }

    private static Tensor[] one(Tensor t) { return new Tensor[] {t}; }

    @SuppressWarnings("unused")
    private static JsonArray arr(JsonElement e) { return e.getAsJsonArray(); }
}
