using Hpc.Kernel.Metal.Memory;

namespace Hpc.Kernel.Metal.Linux.Signals;

/// <summary>
/// The process's signal actions, as rt_sigaction keeps them: one kernel struct sigaction (handler, flags, restorer,
/// mask; 32 bytes) per signal 1..64, in raw memory so interrupt paths read them without objects.
/// </summary>
internal static unsafe class SignalActions
{
    /// <summary>Highest signal number.</summary>
    public const int MaxSignal = 64;
    /// <summary>Bytes of a kernel sigaction.</summary>
    public const int ActionSize = 32;
    /// <summary>SIG_DFL.</summary>
    public const ulong Default = 0;
    /// <summary>SIG_IGN.</summary>
    public const ulong Ignore = 1;
    /// <summary>SA_ONSTACK: run on the alternate stack.</summary>
    public const ulong OnStack = 0x08000000;
    /// <summary>SA_RESTORER: the restorer field is set (glibc always sets it).</summary>
    public const ulong HasRestorer = 0x04000000;
    /// <summary>SA_NODEFER: the signal is not blocked while its handler runs.</summary>
    public const ulong NoDefer = 0x40000000;
    /// <summary>SA_RESETHAND: the action goes back to the default once taken.</summary>
    public const ulong ResetHandler = 0x80000000;

    /// <summary>The actions (signal n at n × <see cref="ActionSize"/>).</summary>
    private static byte* s_actions;

    /// <summary>Claims the table (every action SIG_DFL).</summary>
    public static void Setup() => s_actions = PhysicalMemory.Claim((MaxSignal + 1) * ActionSize);

    /// <summary>The raw action of <paramref name="signal"/> (handler, flags, restorer, mask).</summary>
    public static ulong* Of(int signal) => (ulong*)(s_actions + signal * ActionSize);

    /// <summary>The mask bit of <paramref name="signal"/>.</summary>
    public static ulong Bit(int signal) => 1UL << (signal - 1);

    /// <summary>
    /// True when a signal without a handler ends the program (its default action terminates, dumps or stops — no
    /// stopping in an isle); false for the ones ignored by default (SIGCHLD, SIGURG, SIGWINCH, SIGCONT).
    /// </summary>
    public static bool DefaultTerminates(int signal) => signal != 17 && signal != 23 && signal != 28 && signal != 18;
}
