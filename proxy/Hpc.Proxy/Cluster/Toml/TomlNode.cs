namespace Hpc.Proxy.Cluster.Toml;

/// <summary>A value of a TOML document with the 1-based position where it was written, for error messages.</summary>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
internal abstract record TomlNode(int Line, int Column)
{
    /// <summary>The kind of value with an article, as used in "must be X, not Y" messages ("an integer").</summary>
    public abstract string KindName { get; }
}
