/**
 * The character-level language model of Part B ("Dinosaurus Island"), one assignment function
 * per file, reproducing the NumPy original number for number.
 *
 * <table>
 *   <caption>Where each assignment function lives</caption>
 *   <tr><th>assignment</th><th>here</th></tr>
 *   <tr><td>{@code char_to_ix}, {@code ix_to_char}</td><td>{@link org.rnnworkbench.lm.Vocabulary}</td></tr>
 *   <tr><td>reading the examples</td><td>{@link org.rnnworkbench.lm.Dataset#load}</td></tr>
 *   <tr><td>{@code clip}</td><td>{@link org.rnnworkbench.lm.Clip#clip}</td></tr>
 *   <tr><td>{@code sample}</td><td>{@link org.rnnworkbench.lm.Sampler#sample}</td></tr>
 *   <tr><td>{@code initialize_parameters}, {@code rnn_forward}, {@code rnn_backward},
 *       {@code update_parameters}, {@code smooth}, {@code get_initial_loss}</td>
 *       <td>{@link org.rnnworkbench.lm.CharRnn}</td></tr>
 *   <tr><td>{@code optimize}</td><td>{@link org.rnnworkbench.lm.Optimize#optimize}</td></tr>
 *   <tr><td>{@code model}</td><td>{@link org.rnnworkbench.lm.Trainer#model}, settings in
 *       {@link org.rnnworkbench.lm.TrainingOptions}, results in {@link org.rnnworkbench.lm.TrainingResult}
 *       and {@link org.rnnworkbench.lm.TrainingHistory}; stopping and continuing through
 *       {@link org.rnnworkbench.lm.TrainingState}, a NaN or infinity stops it with a
 *       {@link org.rnnworkbench.lm.DivergenceException}</td></tr>
 *   <tr><td>(beyond the assignment) the same model on the Part A GRU and LSTM cells</td>
 *       <td>{@link org.rnnworkbench.lm.CharGru}, {@link org.rnnworkbench.lm.CharLstm}, chosen with
 *       {@link org.rnnworkbench.lm.TrainingOptions#cell()}</td></tr>
 * </table>
 *
 * <p>Beyond the assignment: truncated backpropagation through time on one long stream of text,
 * {@link org.rnnworkbench.lm.CharStream} (the examples joined by newlines),
 * {@link org.rnnworkbench.lm.Truncation} (windows of k inside sequences of L) and
 * {@link org.rnnworkbench.lm.TruncatedBptt} (the definition, the window's loss and gradients, the
 * stream's loss and sampling); the training loop is {@code org.rnnworkbench.train.StreamTrainer}.
 *
 * <p>Conventions the NumPy parity depends on: the vocabulary is the sorted set of characters of
 * the whole lowercased file (newline index 0); examples are shuffled once with NumPy's legacy
 * generator seeded 0; parameters are drawn with seed 1 in the order Wax, Waa, Wya; an input
 * sequence starts with {@link org.rnnworkbench.lm.CharRnn#NONE}, the zero vector; sampling
 * re-seeds before every draw. Logs are formatted as Python prints them
 * ({@link org.rnnworkbench.lm.PythonFormat}).
 *
 * <p>How far parity reaches: the arithmetic differs from NumPy's only in the last bit (BLAS
 * summation order, {@code exp}/{@code tanh} rounding), and for the first few thousand iterations
 * the losses agree to about 1e-15. The training dynamics then amplify those last-bit differences
 * exponentially: on the element names with 65 hidden units (measured against NumPy 2.4 with
 * OpenBLAS) the losses part by 1e-9 near iteration 5,200 and by 1e-3 near 5,700, after which the
 * two runs agree statistically, not digit for digit. The golden tests therefore cover the first
 * 2,001 iterations (two checkpoints), where agreement is exact to well below the 1e-9 tolerance.
 *
 * <p>Typical use:
 * <pre>{@code
 * TrainingResult r = Trainer.model(Path.of("data/element_list.txt"),
 *         TrainingOptions.builder().iterations(100_000).nA(65).log(System.out).build());
 * int[] name = Sampler.sample(r.parameters(), r.vocabulary(), 0);
 * Table losses = r.history().toTable();
 * }</pre>
 */
package org.rnnworkbench.lm;
