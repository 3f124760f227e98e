/**
 * Many-to-many sequence models: a character tagger that reads a Caesar ciphertext and writes the
 * plaintext, one character out for every character in.
 *
 * <table>
 *   <caption>What lives where</caption>
 *   <tr><th>piece</th><th>here</th></tr>
 *   <tr><td>the cipher (a–z and A–Z shift, everything else unchanged)</td><td>{@link org.rnnworkbench.seq.Caesar},
 *       {@link org.rnnworkbench.seq.CipherPair}</td></tr>
 *   <tr><td>sentences from the workbench's titles and elements, split with no shared sentence</td>
 *       <td>{@link org.rnnworkbench.seq.Sentences}</td></tr>
 *   <tr><td>padded mini-batches (one-hot in, indices out)</td><td>{@link org.rnnworkbench.seq.Batch}</td></tr>
 *   <tr><td>forward, loss, BPTT on the Part A RNN or GRU cell</td><td>{@link org.rnnworkbench.seq.Tagger},
 *       {@link org.rnnworkbench.seq.TaggerGradients}</td></tr>
 *   <tr><td>Adam, the training loop, its settings and history</td><td>{@link org.rnnworkbench.seq.Adam},
 *       {@link org.rnnworkbench.seq.TaggerTrainer}, {@link org.rnnworkbench.seq.TaggerOptions},
 *       {@link org.rnnworkbench.seq.TaggerHistory}</td></tr>
 *   <tr><td>decrypting and per-character accuracy</td><td>{@link org.rnnworkbench.seq.TaggerModel},
 *       {@link org.rnnworkbench.seq.Evaluation}</td></tr>
 * </table>
 *
 * <p>Typical use:
 * <pre>{@code
 * Sentences.Split s = Sentences.fromData(Path.of("data"), 2000, 400, 60, 7);
 * List<CipherPair> train = Caesar.fixedShift(s.training(), 3), test = Caesar.fixedShift(s.heldOut(), 3);
 * TaggerTrainer.Result r = TaggerTrainer.train(train, test, TaggerOptions.builder().steps(300).build());
 * double accuracy = r.model().accuracy(test);
 * String plain = r.model().decrypt("wkh iloh");
 * }</pre>
 */
package org.rnnworkbench.seq;
