namespace Hpc.Proxy.Files;

/// <summary>A directory a job may use, and whether it may write there.</summary>
/// <param name="Path">Absolute, lexically normalized path (no trailing slash, no <c>.</c> or <c>..</c>).</param>
/// <param name="Writable">False: every write, create, truncate, rename, unlink or mkdir fails with EACCES.</param>
internal readonly record struct FileRoot(string Path, bool Writable);
