import { it } from 'vitest';
it('probe', async () => {
  const tf: any = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu'); await import('@tensorflow/tfjs-core/dist/register_all_gradients');
  await import('@tensorflow/tfjs-backend-wasm');
  for (const b of ['cpu', 'wasm']) {
    await tf.setBackend(b);
    const s = tf.scatterND(tf.tensor2d([[0], [2], [2]], [3, 1], 'int32'), tf.tensor2d([[1, 1], [2, 2], [3, 3]]), [3, 2]);
    console.log(b, 'scatter', s.arraySync());
    const g = tf.gather(tf.tensor2d([[1, 2], [3, 4]]), tf.scalar(1, 'int32'), 0);
    console.log(b, 'gather scalar', g.shape, g.arraySync());
    try { const m = tf.matMul(tf.ones([1, 2, 3]), tf.ones([4, 3, 5])); console.log(b, 'bmm broadcast', m.shape); } catch (e: any) { console.log(b, 'bmm fail', e.message); }
    try { const m = tf.where(tf.tensor1d([1, 0], 'bool'), tf.ones([3, 2]), tf.zeros([1, 1])); console.log(b, 'where bc', m.shape); } catch (e: any) { console.log(b, 'where fail', e.message); }
    const lg = tf.grad((x: any) => tf.sum(tf.cumsum(x, 1)))(tf.ones([2, 3])); console.log(b, 'cumsum grad', lg.arraySync());
    const ls = tf.grad((x: any) => tf.sum(tf.mul(tf.logSoftmax(x), tf.tensor2d([[1, 2, 3]]))))(tf.ones([2, 3])); console.log(b, 'logsoftmax grad', ls.arraySync());
    const sl = tf.grad((x: any) => tf.sum(tf.slice(x, [0, 1], [-1, 2])))(tf.ones([2, 3])); console.log(b, 'slice grad', sl.arraySync());
    const st = tf.grad((x: any) => tf.sum(tf.mul(tf.stack([x, x], 1), 2)))(tf.ones([2, 3])); console.log(b, 'stack grad', st.arraySync());
    const cc = tf.grad((x: any) => tf.sum(tf.concat([x, x], 1)))(tf.ones([2, 3])); console.log(b, 'concat grad', cc.arraySync());
    const bt = tf.grad((x: any) => tf.sum(tf.broadcastTo(x, [4, 2, 3])))(tf.ones([1, 2, 3])); console.log(b, 'bcast grad', bt.arraySync());
    const er = tf.grad((x: any) => tf.sum(tf.erf(x)))(tf.ones([2])); console.log(b, 'erf grad', er.arraySync());
    const pw = tf.grad((x: any) => tf.sum(tf.pow(x, tf.tensor1d([0, 2]))))(tf.zeros([2])); console.log(b, 'pow grad', pw.arraySync());
    const mx = tf.grad((x: any) => tf.sum(tf.max(x, 1)))(tf.ones([2, 3])); console.log(b, 'max grad', mx.arraySync());
  }
});
