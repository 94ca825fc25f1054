"""Fixture cases for losses defined by a Python function rather than a torch.nn class (torchvision's, Keras's, a
paper's), in losscase.py's format (read by LossGoldenTest and the CLI's EvalFixturesTest).

The function takes the tensors in the loss's argument order and the loss's keywords as Python keywords, exactly as
the fixture's "options" name them; it is run and differentiated by PyTorch's autograd like any torch.nn loss.
"""
import torch

from losscase import _opt, spec


def fn_case(name, loss, fn, options, args, requires_grad, seed=0, grad_out=None):
    """Runs fn(*args, **options) and returns the fixture dict (value, grads for requires_grad, grad_fn).

    The upstream gradient is random (seeded) with the output's shape unless grad_out is given.
    """
    ts = {}
    for k, v in args.items():
        v = v.detach().clone()
        if k in requires_grad:
            v.requires_grad_(True)
        ts[k] = v
    out = fn(*ts.values(), **options)
    c = {"name": name, "loss": loss, "options": {k: _opt(v) for k, v in options.items()},
         "args": {k: spec(v) for k, v in ts.items()}, "requires_grad": list(requires_grad), "out": spec(out)}
    if out.grad_fn is not None:
        c["grad_fn"] = type(out.grad_fn).__name__
        if grad_out is None:
            g = torch.Generator().manual_seed(seed + 7919)
            grad_out = torch.randn(out.shape, generator=g, dtype=out.dtype)
        grads = torch.autograd.grad(out, [ts[k] for k in requires_grad], grad_out, allow_unused=True)
        c["grad_out"] = spec(grad_out)
        c["grads"] = {k: (spec(gr) if gr is not None else None) for k, gr in zip(requires_grad, grads)}
    return c


def fn_error_case(name, loss, fn, options, args, exc_type, message, oracle_fails=True):
    """A case that must fail with exc_type and a message containing `message`.

    With oracle_fails the Python definition must fail too; without it the fixture pins a check the library makes where
    the plain Python expression would silently compute something (say why at the call).
    """
    try:
        fn(*args.values(), **options)
    except Exception:
        if not oracle_fails:
            raise AssertionError(f"{name}: the Python definition fails too; drop oracle_fails=False")
    else:
        if oracle_fails:
            raise AssertionError(f"{name}: the Python definition accepted this input")
    return {"name": name, "loss": loss, "options": {k: _opt(v) for k, v in options.items()},
            "args": {k: spec(v) for k, v in args.items()}, "requires_grad": [],
            "error": {"type": exc_type, "message": message}}
