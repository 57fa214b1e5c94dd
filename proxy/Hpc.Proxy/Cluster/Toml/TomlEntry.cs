namespace Hpc.Proxy.Cluster.Toml;

/// <summary>One key of a table with the position of the key (or of the table header that introduced it).</summary>
/// <param name="Key">The key as written (unquoted).</param>
/// <param name="Line">The key's 1-based line.</param>
/// <param name="Column">The key's 1-based column.</param>
/// <param name="Value">The value.</param>
internal sealed record TomlEntry(string Key, int Line, int Column, TomlNode Value);
