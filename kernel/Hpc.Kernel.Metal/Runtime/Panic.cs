using System.Runtime;
using System.Threading;
using Hpc.Kernel.Metal.Drivers;
using Hpc.Kernel.Metal.Platform;
using Hpc.Kernel.Metal.Scheduling;

namespace Hpc.Kernel.Metal.Runtime;

/// <summary>
/// The end of the road for a fault: prints the cause, the address and its symbol on the serial port (and through
/// the proxy ring when one is mapped), stops the other cpus with an NMI and exits the VM with
/// <see cref="ExitStatus.Panic"/>.
/// </summary>
internal static unsafe class Panic
{
    /// <summary>Set by the first cpu that panics; the others only stop.</summary>
    private static int s_panicking;

    /// <summary>Panics with <paramref name="cause"/> at <paramref name="address"/> (0 when unknown).</summary>
    public static void Stop(string cause, ulong address)
    {
        if (Interlocked.Exchange(ref s_panicking, 1) != 0)
        {
            Cpu.HaltForever();
        }

        Smp.StopOthers();
        string line = "panic: " + cause;
        if (address != 0)
        {
            line = line + " at 0x" + Number.FormatHex(address) + " (" + Symbols.Describe(address) + ")";
        }

        line = line + " on cpu " + Number.Format(CpuLocal.CurrentIndex);
        // The serial port is the fallback: with a segment the proxy gets the line as the rank's failure.
        if (ProxyChannel.IsAttached)
        {
            KernelConsole.ReportPanic(line);
        }
        else
        {
            SerialPort.WriteUnlocked(line + "\n");
        }

        Exit.Qemu(ExitStatus.Panic);
    }

    /// <summary>RhpThrowEx lands here with the exception and the throwing call's return address.</summary>
    [RuntimeExport("HpcThrow")]
    private static void Throw(Exception exception, nint returnAddress) =>
        Stop("unhandled " + exception.Name + ": " + exception.Message, (ulong)returnAddress);

    /// <summary>The compiler's last resort.</summary>
    [RuntimeExport("RhpFallbackFailFast")]
    private static void FallbackFailFast() => Stop("fail-fast", 0);

    /// <summary>Interface calls the compiler could not bind statically (not offered on metal).</summary>
    [RuntimeExport("HpcResolveInterface")]
    private static nint ResolveInterface(object target, nint cell) => InterfaceDispatch.Resolve(target, cell);
}

/// <summary>Interface dispatch through a cell (not offered in this phase: a clear panic).</summary>
internal static class InterfaceDispatch
{
    /// <summary>Resolves the cell's method on <paramref name="target"/>'s type.</summary>
    public static nint Resolve(object target, nint cell)
    {
        Panic.Stop("interface dispatch that the compiler could not devirtualise is not supported on metal (seal the class or call it directly)", 0);
        return 0;
    }
}
