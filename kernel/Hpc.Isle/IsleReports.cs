using System.Runtime.InteropServices;
using System.Text;
using Hpc.Isles;
using Hpc.Protocol;

namespace Hpc.Isle;

/// <summary>The records an isle sends about how its ranks (and itself) ended.</summary>
internal static class IsleReports
{
    /// <summary>Longest description sent; a stack trace beyond it is cut (the ring record has a size limit).</summary>
    private const int MaxDescriptionBytes = 12 * 1024;

    /// <summary>Reports that a rank ended.</summary>
    public static void RankExit(RankContext rank, int exitCode, RankExitKind kind, string description) =>
        Send(rank.Proxy ?? throw new InvalidOperationException("only an isle reports a rank's end"), ProxyOp.RankExit, exitCode, kind, description);

    /// <summary>Reports, on the isle's connection, that Environment.Exit is taking the whole isle down.</summary>
    public static void EnvironmentExit(ProxyConnection isle, int exitCode) =>
        Send(isle, ProxyOp.IsleExit, exitCode, RankExitKind.EnvironmentExit, "");

    /// <summary>Reports, on the isle's connection, an exception that escaped a thread outside any rank's context.</summary>
    public static void ThreadFailure(ProxyConnection isle, string description) =>
        Send(isle, ProxyOp.IsleFailure, 1, RankExitKind.Exception, description);

    /// <summary>Sends an exit record with a (possibly cut) UTF-8 description.</summary>
    private static void Send(ProxyConnection proxy, ProxyOp op, int exitCode, RankExitKind kind, string description)
    {
        var parameters = new ExitParams { ExitCode = exitCode, Kind = (int)kind };
        byte[] text = Encoding.UTF8.GetBytes(description);
        int limit = Math.Min(MaxDescriptionBytes, proxy.MaxPayload - Marshal.SizeOf<ExitParams>());
        proxy.Post(op, parameters, text.AsSpan(0, Math.Min(text.Length, limit)));
    }
}
