using System.Runtime.InteropServices;
using System.Text;
using Hpc.Isles;
using Hpc.Protocol;

namespace Hpc.IO;

/// <summary>
/// The rank side of forwarded file calls: builds each request, sends it on the calling rank's connection and turns
/// the reply into a value or an exception. Only used when code runs as a rank.
/// </summary>
internal static class HostFileClient
{
    /// <summary>
    /// True when the calling code is a rank with a connection to the proxy. Elsewhere — a plain process, or a rank
    /// process of <c>--aot</c>, which its isle's confinement already keeps inside the allowed roots — host files are
    /// local files.
    /// </summary>
    public static bool IsForwarded => RankContext.Current?.Proxy is not null;

    /// <summary>The calling rank's connection to the proxy.</summary>
    public static ProxyConnection Proxy =>
        RankContext.Current?.Proxy ?? throw new InvalidOperationException("host file calls need a rank of hermit-run");

    /// <summary>Sends a path request and returns the result; throws on an error.</summary>
    public static long PathCall(ProxyOp op, string path, in FileParams parameters, Span<byte> replyData, out int replyLength, out int extra)
    {
        byte[] utf8 = EncodePath(path);
        return HostErrors.Check(Proxy.Call(op, parameters, utf8, replyData, out replyLength, out extra), path);
    }

    /// <summary>Sends a path request that has no reply data.</summary>
    public static long PathCall(ProxyOp op, string path, in FileParams parameters) =>
        PathCall(op, path, parameters, default, out _, out _);

    /// <summary>Sends a request on an open handle and returns the raw result (negative: errno).</summary>
    public static long HandleCall(ProxyOp op, in FileParams parameters, Span<byte> replyData, out int replyLength) =>
        Proxy.Call(op, parameters, default, replyData, out replyLength, out _);

    /// <summary>Stats a path or an open handle.</summary>
    public static HostFileInfo Stat(ProxyOp op, string? path, in FileParams parameters)
    {
        Span<byte> reply = stackalloc byte[Marshal.SizeOf<StatReply>()];
        if (path is null)
        {
            HostErrors.Check(HandleCall(op, parameters, reply, out _), null);
        }
        else
        {
            PathCall(op, path, parameters, reply, out _, out _);
        }

        return HostFileInfo.From(MemoryMarshal.Read<StatReply>(reply));
    }

    /// <summary>UTF-8 bytes of a path; the proxy resolves it against the job's working directory.</summary>
    public static byte[] EncodePath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Encoding.UTF8.GetBytes(path);
    }
}
