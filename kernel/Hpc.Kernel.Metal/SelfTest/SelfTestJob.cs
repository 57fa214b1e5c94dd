using Hpc.Kernel.Metal.Boot;
using Hpc.Kernel.Metal.Drivers;
using Hpc.Kernel.Metal.Platform;
using Hpc.Kernel.Metal.Scheduling;

namespace Hpc.Kernel.Metal.SelfTest;

/// <summary>
/// What the kernel runs when booted without a module (the image the boot tests and `benchmarks/run boot` boot). The
/// kernel command line picks what it does: <c>exit=N</c>, <c>smp</c>, <c>sleep=MS</c>, <c>fault=null|div|throw|index|cast|oom</c>,
/// <c>hang</c>; by default it greets and returns 0.
/// </summary>
internal static class SelfTestJob
{
    /// <summary>A class for the cast test.</summary>
    private class Animal
    {
    }

    /// <summary>A subclass for the cast test.</summary>
    private sealed class Dog : Animal
    {
    }

    /// <summary>Another subclass for the cast test.</summary>
    private sealed class Cat : Animal
    {
    }

    /// <summary>The last block the out-of-memory test allocated.</summary>
    private static byte[]? s_kept;

    /// <summary>A reference-type static (must be initialised before the job runs).</summary>
    private static readonly string s_greeting = "hello from the metal isle";

    /// <summary>Runs the test the command line names.</summary>
    internal static int Main()
    {
        Console.WriteLine(s_greeting + " (cpus: " + Smp.CpuCount.ToString() + ", boot to entry: " + BootInfo.EntryMicroseconds.ToString() + " us)");
        string? exit = BootInfo.Argument("exit");
        if (exit is not null)
        {
            return ParseInt(exit);
        }

        if (BootInfo.Argument("smp") is not null)
        {
            Console.WriteLine("cpus online: " + Smp.OnlineCount.ToString() + " of " + BootInfo.ListedCpus.ToString());
            return Smp.OnlineCount == BootInfo.ListedCpus ? 0 : 1;
        }

        string? sleep = BootInfo.Argument("sleep");
        if (sleep is not null)
        {
            int before = Clock.TimerInterrupts;
            System.Threading.Thread.Sleep(ParseInt(sleep));
            Console.WriteLine("slept: deadline interrupts " + (Clock.TimerInterrupts - before > 0 ? "taken" : "missing"));
            return 0;
        }

        string? fault = BootInfo.Argument("fault");
        if (fault is not null)
        {
            return Fault(fault);
        }

        if (BootInfo.Argument("hang") is not null)
        {
            while (true)
            {
                Cpu.WaitForInterrupt();
            }
        }

        return 0;
    }

    /// <summary>Causes the fault <paramref name="kind"/> names.</summary>
    private static int Fault(string kind)
    {
        if (kind == "null")
        {
            return NullField(null);
        }

        if (kind == "div")
        {
            return 100 / ParseInt(BootInfo.Argument("zero") ?? "0");
        }

        if (kind == "throw")
        {
            throw new System.InvalidOperationException("the self-test threw");
        }

        if (kind == "index")
        {
            int[] small = new int[2];
            return small[ParseInt("5")];
        }

        if (kind == "cast")
        {
            Animal animal = ParseInt("1") == 1 ? new Cat() : new Dog();
            return ((Dog)animal).GetHashCode() == 0 ? 1 : 2;
        }

        if (kind == "oom")
        {
            while (true)
            {
                // Kept in a static so the compiler cannot drop the allocation.
                s_kept = new byte[48 << 20];
            }
        }

        return 3;
    }

    /// <summary>Reads through a reference the caller passes as null.</summary>
    private static int NullField(int[]? values) => values![0];

    /// <summary>Decimal digits to an int (the command line's numbers).</summary>
    private static int ParseInt(string text)
    {
        int value = 0;
        for (int i = 0; i < text.Length; i++)
        {
            value = value * 10 + (text[i] - '0');
        }

        return value;
    }
}
