/** A generated PF users export of `n` rows (`username,email`), as figure 5 imports and judges against. */
export function usersCsv(n) {
  const parts = ['username,email'];
  for (let i = 0; i < n; i++) parts.push(`user-${i},User.${i}@Example.com`);
  return parts.join('\n') + '\n';
}
