import { it } from 'vitest';
it('probe', async () => {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu'); await import('@tensorflow/tfjs-core/dist/register_all_gradients');
  const w = await import('@tensorflow/tfjs-backend-wasm');
  console.log(Object.keys(w));
  const ok = await tf.setBackend('wasm');
  console.log('wasm', ok, tf.getBackend());
  const x = tf.tensor1d([1, 2, 3]);
  const g = tf.grad((x: any) => tf.sum(tf.gather(x, tf.tensor1d([0, 2, 2], 'int32'))))(x);
  console.log(g.arraySync());
});
