namespace Hpc.Proxy.Cluster.Toml;

/// <summary>A string, integer, float, boolean or date/time value.</summary>
/// <param name="Value">A <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> or other (date/time) object.</param>
internal sealed record TomlScalarNode(object Value, int Line, int Column) : TomlNode(Line, Column)
{
    /// <summary>The kind of value with an article.</summary>
    public override string KindName => Value switch
    {
        string => "a string",
        long => "an integer",
        double => "a float",
        bool => "a boolean",
        _ => "a date/time",
    };
}
