package org.rnnworkbench.cells;

/** The element-wise activation σ of {@link SimpleRnn}, with its derivative σ′ written in terms of z. */
public enum Activation {
    /** σ(z) = z, σ′ = 1: the linear RNN of the textbook exercise. */
    IDENTITY {
        @Override
        public double apply(double z) {
            return z;
        }

        @Override
        public double derivative(double z) {
            return 1;
        }
    },
    /** σ(z) = tanh(z), σ′ = 1 − tanh²(z) ∈ (0, 1]. */
    TANH {
        @Override
        public double apply(double z) {
            return Math.tanh(z);
        }

        @Override
        public double derivative(double z) {
            double t = Math.tanh(z);
            return 1 - t * t;
        }
    },
    /** σ(z) = max(0, z), σ′ = 1 for z &gt; 0 and 0 otherwise (0 at z = 0, a valid subgradient). */
    RELU {
        @Override
        public double apply(double z) {
            return z > 0 ? z : 0;
        }

        @Override
        public double derivative(double z) {
            return z > 0 ? 1 : 0;
        }
    };

    /** σ(z). */
    public abstract double apply(double z);

    /** σ′(z). */
    public abstract double derivative(double z);
}
