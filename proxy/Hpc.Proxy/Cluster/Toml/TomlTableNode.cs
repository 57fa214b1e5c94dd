namespace Hpc.Proxy.Cluster.Toml;

/// <summary>A table (document root, <c>[name]</c>, <c>[[name]]</c> item, inline or implied by a dotted key).</summary>
/// <param name="Line">The 1-based line of its header or inline brace (1 for the document root).</param>
/// <param name="Column">The 1-based column of its header or inline brace.</param>
internal sealed record TomlTableNode(int Line, int Column) : TomlNode(Line, Column)
{
    /// <summary>The keys in the order they were first written.</summary>
    public List<TomlEntry> Entries { get; } = [];

    /// <summary>The kind of value with an article.</summary>
    public override string KindName => "a table";

    /// <summary>The entry for <paramref name="key"/>, or null.</summary>
    public TomlEntry? Find(string key) => Entries.Find(entry => entry.Key == key);
}
