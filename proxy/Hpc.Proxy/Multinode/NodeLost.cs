using System.Globalization;

namespace Hpc.Proxy.Multinode;

/// <summary>
/// The line a per-node proxy's reaper writes when the proxy died without ending its job (killed): it reaches the
/// first node through hydra like the proxy's own output, so the first node can name the node that was lost.
/// </summary>
internal static class NodeLost
{
    /// <summary>Starts every such line (a record separator, as <see cref="NodeReport.Marker"/>).</summary>
    public const string Marker = "\u001ehpc-node-lost ";

    /// <summary>The line (without newline) for node <paramref name="node"/>'s proxy <paramref name="pid"/>.</summary>
    public static string Line(int node, int pid) => string.Create(CultureInfo.InvariantCulture, $"{Marker}{node} {pid}");

    /// <summary>Parses a line written by <see cref="Line"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> line, out int node, out int pid)
    {
        node = pid = 0;
        if (!line.StartsWith(Marker, StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> rest = line[Marker.Length..];
        int space = rest.IndexOf(' ');
        return space > 0
            && int.TryParse(rest[..space], CultureInfo.InvariantCulture, out node)
            && int.TryParse(rest[(space + 1)..], CultureInfo.InvariantCulture, out pid);
    }
}
