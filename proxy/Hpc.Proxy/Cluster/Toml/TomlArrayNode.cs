namespace Hpc.Proxy.Cluster.Toml;

/// <summary>An array: either a value array (<c>[1, 2]</c>) or an array of tables built from <c>[[name]]</c> headers.</summary>
/// <param name="IsTableArray">True when built from <c>[[name]]</c> headers.</param>
internal sealed record TomlArrayNode(bool IsTableArray, int Line, int Column) : TomlNode(Line, Column)
{
    /// <summary>The items in document order.</summary>
    public List<TomlNode> Items { get; } = [];

    /// <summary>The kind of value with an article.</summary>
    public override string KindName => IsTableArray ? "an array of tables" : "an array";
}
