import { KubeConfig } from '@kubernetes/client-node';
import { InputError } from '../../input/inputError.js';

export interface KubeConfigOptions {
  /** A kubeconfig file; default: $KUBECONFIG, then ~/.kube/config, then in-cluster. */
  file?: string | undefined;
  /** A context of that kubeconfig; default: its current-context. */
  context?: string | undefined;
}

/**
 * Load the kubeconfig the recorder talks through, as kubectl would pick it.
 * @throws InputError when the file cannot be read as a kubeconfig, the context is not in it, or
 *   no cluster is selected.
 * @example loadKubeConfig({ file: 'kind.kubeconfig', context: 'kind-capsim' })
 */
export function loadKubeConfig(o: KubeConfigOptions = {}): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (o.file !== undefined) kc.loadFromFile(o.file);
    else kc.loadFromDefault();
  } catch (e) {
    throw new InputError(`expected a readable kubeconfig: ${(e as Error).message}`, o.file, '--kubeconfig');
  }
  if (o.context !== undefined) {
    if (kc.getContextObject(o.context) === null) {
      const known = kc.getContexts().map((c) => c.name).join(', ');
      throw new InputError(`expected one of the kubeconfig's contexts (${known}), got "${o.context}"`, o.file, '--context');
    }
    kc.setCurrentContext(o.context);
  }
  if (kc.getCurrentCluster() === null) throw new InputError('expected a current context with a cluster in the kubeconfig', o.file, '--context');
  return kc;
}
