using Hpc.Proxy.Cli;
using Tomlyn.Syntax;

namespace Hpc.Proxy.Cluster.Toml;

/// <summary>
/// Turns a Tomlyn syntax tree (already free of diagnostics) into a tree of tables, arrays and scalars that keeps every
/// position, so the cluster file reader can check keys and types in one place whatever TOML form was used
/// (<c>[table]</c>, dotted keys, inline tables, <c>[[array]]</c>).
/// </summary>
internal sealed class TomlTreeBuilder
{
    /// <summary>The file name used in error messages.</summary>
    private readonly string _path;

    /// <summary>Creates a builder whose errors name <paramref name="path"/>.</summary>
    private TomlTreeBuilder(string path) => _path = path;

    /// <summary>Builds the tree of <paramref name="document"/>; throws <see cref="ClusterFileException"/> on conflicts.</summary>
    public static TomlTableNode Build(DocumentSyntax document, string path)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(path);
        var builder = new TomlTreeBuilder(path);
        var root = new TomlTableNode(1, 1);
        foreach (var keyValue in document.KeyValues)
        {
            builder.AddKeyValue(root, keyValue);
        }

        foreach (var table in document.Tables)
        {
            var target = builder.OpenTable(root, table);
            foreach (var keyValue in table.Items)
            {
                builder.AddKeyValue(target, keyValue);
            }
        }

        return root;
    }

    /// <summary>Finds or creates the table a <c>[name]</c> or <c>[[name]]</c> header refers to.</summary>
    private TomlTableNode OpenTable(TomlTableNode root, TableSyntaxBase header)
    {
        var (line, column) = Position(header);
        var parts = KeyParts(header.Name ?? throw Fail(header, "a table header without a name"));
        var parent = root;
        for (var i = 0; i < parts.Count - 1; i++)
        {
            parent = Descend(parent, parts[i], header);
        }

        var (last, keyLine, keyColumn) = parts[^1];
        var existing = parent.Find(last);
        if (header is TableArraySyntax)
        {
            var array = existing?.Value as TomlArrayNode;
            if (existing is null)
            {
                array = new TomlArrayNode(true, line, column);
                parent.Entries.Add(new TomlEntry(last, keyLine, keyColumn, array));
            }
            else if (array is null || !array.IsTableArray)
            {
                throw Fail(header, $"{ErrorText.Quote(last)} is already defined at line {existing.Line} and cannot become an array of tables");
            }

            var item = new TomlTableNode(line, column);
            array.Items.Add(item);
            return item;
        }

        if (existing is null)
        {
            var table = new TomlTableNode(line, column);
            parent.Entries.Add(new TomlEntry(last, keyLine, keyColumn, table));
            return table;
        }

        return existing.Value as TomlTableNode
            ?? throw Fail(header, $"{ErrorText.Quote(last)} is already defined at line {existing.Line} as {existing.Value.KindName}");
    }

    /// <summary>Adds <c>key = value</c> (the key possibly dotted) to <paramref name="table"/>.</summary>
    private void AddKeyValue(TomlTableNode table, KeyValueSyntax keyValue)
    {
        var parts = KeyParts(keyValue.Key ?? throw Fail(keyValue, "a key/value pair without a key"));
        var parent = table;
        for (var i = 0; i < parts.Count - 1; i++)
        {
            parent = Descend(parent, parts[i], keyValue);
        }

        var (last, line, column) = parts[^1];
        if (parent.Find(last) is { } existing)
        {
            throw Fail(keyValue, $"the key {ErrorText.Quote(last)} is already defined at line {existing.Line}");
        }

        var value = Convert(keyValue.Value ?? throw Fail(keyValue, $"the key {ErrorText.Quote(last)} has no value"));
        parent.Entries.Add(new TomlEntry(last, line, column, value));
    }

    /// <summary>Steps into sub-table <paramref name="part"/>, creating it if implied; in an array of tables, into its last item.</summary>
    private TomlTableNode Descend(TomlTableNode parent, (string Key, int Line, int Column) part, SyntaxNode at)
    {
        var existing = parent.Find(part.Key);
        switch (existing?.Value)
        {
            case null:
                var table = new TomlTableNode(part.Line, part.Column);
                parent.Entries.Add(new TomlEntry(part.Key, part.Line, part.Column, table));
                return table;
            case TomlTableNode child:
                return child;
            case TomlArrayNode { IsTableArray: true, Items: [.., TomlTableNode lastItem] }:
                return lastItem;
            default:
                throw Fail(at, $"{ErrorText.Quote(part.Key)} is already defined at line {existing.Line} as {existing.Value.KindName}, not a table");
        }
    }

    /// <summary>Converts a value syntax node into a tree node.</summary>
    private TomlNode Convert(ValueSyntax value)
    {
        var (line, column) = Position(value);
        switch (value)
        {
            case StringValueSyntax text:
                return new TomlScalarNode(text.Value ?? "", line, column);
            case IntegerValueSyntax integer:
                return new TomlScalarNode(integer.Value, line, column);
            case FloatValueSyntax number:
                return new TomlScalarNode(number.Value, line, column);
            case BooleanValueSyntax boolean:
                return new TomlScalarNode(boolean.Value, line, column);
            case DateTimeValueSyntax dateTime:
                return new TomlScalarNode(dateTime.Value, line, column);
            case ArraySyntax array:
                var arrayNode = new TomlArrayNode(false, line, column);
                foreach (var item in array.Items)
                {
                    arrayNode.Items.Add(Convert(item.Value ?? throw Fail(item, "an array item without a value")));
                }

                return arrayNode;
            case InlineTableSyntax inline:
                var tableNode = new TomlTableNode(line, column);
                foreach (var item in inline.Items)
                {
                    AddKeyValue(tableNode, item.KeyValue ?? throw Fail(item, "an inline table item without a key"));
                }

                return tableNode;
            default:
                throw Fail(value, $"unsupported TOML value {ErrorText.Quote(value.ToString() ?? "")}");
        }
    }

    /// <summary>The parts of a possibly dotted key, each with its position.</summary>
    private List<(string Key, int Line, int Column)> KeyParts(KeySyntax key)
    {
        var parts = new List<(string, int, int)> { KeyPart(key.Key ?? throw Fail(key, "an empty key")) };
        foreach (var dotted in key.DotKeys)
        {
            parts.Add(KeyPart(dotted.Key ?? throw Fail(dotted, "an empty dotted key")));
        }

        return parts;
    }

    /// <summary>The text of one key part (bare or quoted) with its position.</summary>
    private (string Key, int Line, int Column) KeyPart(BareKeyOrStringValueSyntax part)
    {
        var (line, column) = Position(part);
        var text = part switch
        {
            BareKeySyntax bare => bare.Key?.Text,
            StringValueSyntax quoted => quoted.Value,
            _ => null,
        };
        return (text ?? throw Fail(part, "an unreadable key"), line, column);
    }

    /// <summary>The 1-based position where a syntax node starts (Tomlyn counts from 0).</summary>
    private static (int Line, int Column) Position(SyntaxNodeBase node) => (node.Span.Start.Line + 1, node.Span.Start.Column + 1);

    /// <summary>An error at the start of <paramref name="node"/>.</summary>
    private ClusterFileException Fail(SyntaxNodeBase node, string problem)
    {
        var (line, column) = Position(node);
        return new ClusterFileException(_path, line, column, problem);
    }
}
