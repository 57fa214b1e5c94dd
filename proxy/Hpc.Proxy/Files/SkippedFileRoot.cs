namespace Hpc.Proxy.Files;

/// <summary>A configured root that could not be opened (missing, not a directory, duplicate) and so is not served.</summary>
/// <param name="Root">The root as configured, after normalization.</param>
/// <param name="Errno">Why: the positive errno of opening it (ENOENT, ENOTDIR, EACCES...) or EEXIST for a duplicate.</param>
internal readonly record struct SkippedFileRoot(FileRoot Root, int Errno);
