namespace Hpc.Proxy.Files;

/// <summary>A job path after lexical normalization: the root that holds it and the part below that root.</summary>
/// <param name="Root">The most specific root whose path (configured or real) is a prefix of the normalized path.</param>
/// <param name="Relative">The normalized part below the root, "" for the root itself; no <c>.</c>, <c>..</c> or empty parts.</param>
/// <param name="MustBeDirectory">The job wrote a trailing <c>/</c>, <c>/.</c> or <c>/..</c>.</param>
/// <param name="EndsInDot">The job's last component was <c>.</c> or <c>..</c>.</param>
internal readonly record struct RootedPath(FileRoots.OpenedRoot Root, string Relative, bool MustBeDirectory, bool EndsInDot)
{
    /// <summary>True when the path is the root directory itself.</summary>
    public bool IsRoot => Relative.Length == 0;

    /// <summary>The path to hand to openat2 relative to the root descriptor (a trailing slash keeps "must be a directory").</summary>
    public string KernelPath => IsRoot ? "." : MustBeDirectory ? Relative + "/" : Relative;

    /// <summary>The directory holding the last component, relative to the root ("." for a top-level name).</summary>
    public string ParentPath
    {
        get
        {
            int slash = Relative.LastIndexOf('/');
            return slash < 0 ? "." : Relative[..slash];
        }
    }

    /// <summary>The last component, with the trailing slash kept (the *at calls then require a directory, and follow nothing).</summary>
    public string LastName
    {
        get
        {
            string name = Relative[(Relative.LastIndexOf('/') + 1)..];
            return MustBeDirectory ? name + "/" : name;
        }
    }
}
