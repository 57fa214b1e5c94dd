using Hpc.Proxy.Cli;
using Hpc.Proxy.Cluster.Toml;

namespace Hpc.Proxy.Cluster;

/// <summary>Typed access to values and the common error messages of the reader.</summary>
internal sealed partial class ClusterFileReader
{
    /// <summary>Refuses any key of <paramref name="table"/> not in <paramref name="allowed"/>, naming the allowed ones.</summary>
    private void CheckKeys(TomlTableNode table, string where, string[] allowed)
    {
        foreach (var entry in table.Entries)
        {
            if (!allowed.Contains(entry.Key, StringComparer.Ordinal))
            {
                var what = entry.Value is TomlTableNode or TomlArrayNode { IsTableArray: true } ? "table" : "key";
                throw new ClusterFileException(_path, entry.Line, entry.Column,
                    $"unknown {what} {ErrorText.Quote(entry.Key)} {where} (expected one of: {string.Join(", ", allowed)})");
            }
        }
    }

    /// <summary>The string value of <paramref name="entry"/>; <paramref name="like"/> describes what is expected.</summary>
    private string RequireString(TomlEntry entry, string like) =>
        entry.Value is TomlScalarNode { Value: string text } ? text : throw WrongType(entry, like);

    /// <summary>
    /// The value of <paramref name="entry"/> as an integer from 1 to <paramref name="max"/>; <paramref name="why"/>
    /// explains the maximum in the message.
    /// </summary>
    private int RequirePositiveInt(TomlEntry entry, int max = int.MaxValue, string why = "")
    {
        if (entry.Value is not TomlScalarNode { Value: long number })
        {
            throw WrongType(entry, "a whole number of at least 1");
        }

        if (number < 1)
        {
            throw Fail(entry.Value, $"'{entry.Key}' must be at least 1, not {number}");
        }

        if (number > max)
        {
            throw Fail(entry.Value, $"'{entry.Key}' must be at most {max}{why}, not {number}");
        }

        return (int)number;
    }

    /// <summary>The table value of <paramref name="entry"/>; <paramref name="header"/> shows how to write it.</summary>
    private TomlTableNode RequireTable(TomlEntry entry, string header) =>
        entry.Value as TomlTableNode ?? throw WrongType(entry, $"a table (write {header})");

    /// <summary>The items of a value array (not an array of tables).</summary>
    private List<TomlNode> RequireValueArray(TomlEntry entry, string like) =>
        entry.Value is TomlArrayNode { IsTableArray: false } array ? array.Items : throw WrongType(entry, like);

    /// <summary>The tables of an array of tables, written as <c>[[x]]</c> headers or as an array of inline tables.</summary>
    private List<TomlTableNode> RequireTableArray(TomlEntry entry, string header)
    {
        if (entry.Value is TomlArrayNode array && array.Items.All(item => item is TomlTableNode))
        {
            return array.Items.Cast<TomlTableNode>().ToList();
        }

        throw WrongType(entry, $"an array of tables (write {header})");
    }

    /// <summary>The "'key' must be X, not Y" error at the value.</summary>
    private ClusterFileException WrongType(TomlEntry entry, string like) =>
        Fail(entry.Value, $"'{entry.Key}' must be {like}, not {entry.Value.KindName}");

    /// <summary>An error at the position of <paramref name="node"/>.</summary>
    private ClusterFileException Fail(TomlNode node, string problem) => new(_path, node.Line, node.Column, problem);
}
