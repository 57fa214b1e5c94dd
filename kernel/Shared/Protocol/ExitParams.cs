using System.Runtime.InteropServices;

namespace Hpc.Protocol;

/// <summary>How a rank (or, for <see cref="ProxyOp.IsleExit"/>, its isle) ended.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ExitParams
{
    /// <summary>The status the rank returned (0 = success).</summary>
    public int ExitCode;
    /// <summary>A <see cref="RankExitKind"/>.</summary>
    public int Kind;
}
