using Hpc.Kernel.Metal.Boot;
using Hpc.Kernel.Metal.Drivers;
using Hpc.Kernel.Metal.Platform;
using Hpc.Kernel.Metal.Scheduling;
using Hpc.OpenMp;

namespace Hpc.Kernel.Metal.SelfTest;

/// <summary>
/// The job linked in when no job is given (what `dotnet build` produces and the tests boot). The kernel command
/// line picks what it does: <c>exit=N</c>, <c>smp</c>, <c>loop</c>, <c>sleep=MS</c>, <c>fault=null|div|throw|index|cast|oom</c>,
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

        if (BootInfo.Argument("loop") is not null)
        {
            return Loops();
        }

        if (BootInfo.Argument("subset") is not null)
        {
            return Subset();
        }

        if (BootInfo.Argument("format") is not null)
        {
            return Format();
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

    /// <summary>Static and dynamic loops and a barrier; prints each result and whether every cpu took part.</summary>
    private static int Loops()
    {
        const int n = 100_000;
        long[] squares = new long[n];
        Omp.ParallelFor(0, n, Schedule.Static(), i => squares[i] = (long)i * i);
        string staticShare = Shares();
        long staticSum = Sum(squares);
        long[] cubes = new long[n];
        Omp.ParallelFor(0, n, Schedule.Dynamic(64), i => cubes[i] = (long)i * i % 1000);
        string dynamicShare = Shares();
        long dynamicSum = Sum(cubes);

        int[] phases = new int[Smp.CpuCount];
        int[] errors = new int[1];
        Omp.ParallelFor(0, Smp.CpuCount, Schedule.Static(), i =>
        {
            phases[Omp.ThreadNum] = 1;
            Omp.Barrier();
            for (int c = 0; c < phases.Length; c++)
            {
                if (phases[c] != 1)
                {
                    errors[0]++;
                }
            }
        });

        Console.WriteLine("static sum " + staticSum.ToString() + " shares " + staticShare);
        Console.WriteLine("dynamic sum " + dynamicSum.ToString() + " shares " + dynamicShare);
        Console.WriteLine("barrier " + (errors[0] == 0 ? "ok" : "broken"));
        return 0;
    }

    /// <summary>A table built by a static constructor (not preinitialisable: it calls a method).</summary>
    private static class Squares
    {
        /// <summary>i² for i below 16.</summary>
        public static readonly int[] Table = Build();

        /// <summary>Builds the table.</summary>
        private static int[] Build()
        {
            int[] table = new int[16];
            for (int i = 0; i < table.Length; i++)
            {
                table[i] = i * i;
            }

            return table;
        }
    }

    /// <summary>A shape for virtual calls.</summary>
    private abstract class Shape
    {
        /// <summary>The area.</summary>
        public abstract double Area();
    }

    /// <summary>A square.</summary>
    private sealed class Square(double side) : Shape
    {
        /// <inheritdoc/>
        public override double Area() => side * side;
    }

    /// <summary>A circle.</summary>
    private sealed class Circle(double radius) : Shape
    {
        /// <inheritdoc/>
        public override double Area() => Math.PI * radius * radius;
    }

    /// <summary>Parts of the supported subset, each printing one line the tests check.</summary>
    private static int Subset()
    {
        // Static constructor, first touched by every cpu at once.
        int[] seen = new int[Smp.CpuCount];
        Omp.ParallelFor(0, Smp.CpuCount, Schedule.Static(), i => seen[i] = Squares.Table[15]);
        bool allSaw = true;
        for (int i = 0; i < seen.Length; i++)
        {
            allSaw &= seen[i] == 225;
        }

        Console.WriteLine("cctor " + (allSaw ? "ok" : "broken"));

        // try/finally on the normal path.
        int steps = 0;
        try
        {
            steps++;
        }
        finally
        {
            steps += 10;
        }

        Console.WriteLine("finally " + steps.ToString());

        // Virtual calls through a base class, and fixed-point formatting.
        Shape[] shapes = [new Square(2), new Circle(1)];
        double total = 0;
        foreach (Shape shape in shapes)
        {
            total += shape.Area();
        }

        Console.WriteLine("areas " + total.ToString("F6") + " " + (-0.5).ToString("F0") + " " + 2.5.ToString("F0") + " " + 1e-7.ToString("F3"));

        // Strings and spans.
        string word = "metal" + "-" + "isle";
        char[] letters = new char[3];
        letters[0] = 'a';
        ReadOnlySpan<char> span = new ReadOnlySpan<char>(letters);
        Console.WriteLine("strings " + word.Substring(6) + " " + word.Length.ToString() + " " + span.Slice(1).Length.ToString() + " " + (word == "metal-isle" ? "equal" : "different"));
        return 0;
    }

    /// <summary>Values whose fixed-point digits the tests compare with .NET's (ties, tiny, large, negative).</summary>
    internal static readonly double[] FormatValues =
        [3.14159265358979, 1.0 / 3, 2.5, 3.5, -0.5, 0.125, 2.675, 1.005, -1.005, 1e15 / 7, 123456.789, 1e-20, 0.0, 4503599627370497.0, 9.995];

    /// <summary>Prints every format value with F0, F2, F6, F12 and F15.</summary>
    private static int Format()
    {
        string line = "format";
        for (int i = 0; i < FormatValues.Length; i++)
        {
            line = line + " " + FormatValues[i].ToString("F0") + " " + FormatValues[i].ToString("F2") + " " + FormatValues[i].ToString("F6")
                + " " + FormatValues[i].ToString("F12") + " " + FormatValues[i].ToString("F15");
        }

        Console.WriteLine(line);
        return 0;
    }

    /// <summary>"c0:n0 c1:n1 ..." of the last loop.</summary>
    private static string Shares()
    {
        string text = "";
        for (int cpu = 0; cpu < Smp.CpuCount; cpu++)
        {
            text = text + (cpu == 0 ? "" : " ") + cpu.ToString() + ":" + (Team.IterationsOf(cpu) > 0 ? "yes" : "no");
        }

        return text;
    }

    /// <summary>Sum of an array.</summary>
    private static long Sum(long[] values)
    {
        long sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            sum += values[i];
        }

        return sum;
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
