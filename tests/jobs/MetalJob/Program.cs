// What the metal tests run under hermit-run: the first argument picks the behaviour.
using System.Globalization;
using Hpc;

namespace MetalJob;

/// <summary>The job.</summary>
internal static class Program
{
    /// <summary>An address no mapping covers (user half, far above what the kernel hands out).</summary>
    private const long WildAddress = 0x7654_3210_0000L;

    /// <summary>hello (default), exit N, panic (a call through a wild pointer), throw, hang.</summary>
    internal static int Main(string[] args)
    {
        string what = args.Length > 0 ? args[0] : "hello";
        switch (what)
        {
            case "exit":
                Console.WriteLine($"exiting with {args[1]}");
                return int.Parse(args[1], CultureInfo.InvariantCulture);
            case "panic":
                Console.WriteLine("about to fault");
                CallWild();
                return 0;
            case "throw":
                throw new InvalidOperationException("thrown by the metal test job");
            case "hang":
                Console.WriteLine("hanging");
                while (true)
                {
                    Thread.Sleep(1000);
                }

            default:
                Console.WriteLine($"hello from rank {Job.Rank} of {Job.Size}");
                return 0;
        }
    }

    /// <summary>
    /// Calls code at an unmapped address: the fault is outside managed code, so the runtime cannot make it an
    /// exception and the kernel must report it (a null dereference would be a catchable NullReferenceException).
    /// </summary>
    private static unsafe void CallWild() => ((delegate* unmanaged<void>)WildAddress)();
}
