using System.Globalization;

namespace Hpc.Proxy.Multinode;

/// <summary>
/// The line a per-node proxy writes first, as soon as it runs: it reaches the first node through hydra, which so
/// learns that the node was reached. A node that never sends it within the startup bound was not reached (hydra
/// itself waits forever when ssh could not reach a node).
/// </summary>
internal static class NodeUp
{
    /// <summary>Starts every such line (a record separator, as <see cref="NodeReport.Marker"/>).</summary>
    public const string Marker = "\u001ehpc-node-up ";

    /// <summary>The line, newline included, for node <paramref name="node"/>.</summary>
    public static string Line(int node) => string.Create(CultureInfo.InvariantCulture, $"{Marker}{node}\n");

    /// <summary>Parses a line (without its newline) written by <see cref="Line"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> line, out int node)
    {
        node = 0;
        return line.StartsWith(Marker, StringComparison.Ordinal) && int.TryParse(line[Marker.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out node);
    }
}
