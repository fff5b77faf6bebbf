// Node's ESM loader wants file extensions; decap-cms-core's dist/esm imports './helpers'.
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (specifier.startsWith('.') && !specifier.endsWith('.js')) {
      return next(`${specifier}.js`, context);
    }
    throw error;
  }
}
