// What the metal tests run under hermit-run: the first argument picks the behaviour.
using Hpc;

namespace MetalJob;

/// <summary>The job.</summary>
internal static class Program
{
    /// <summary>hello (default), exit N, panic (null dereference), throw, hang.</summary>
    internal static int Main(string[] args)
    {
        string what = args.Length > 0 ? args[0] : "hello";
        if (what == "exit")
        {
            Console.WriteLine("exiting with " + args[1]);
            return Parse(args[1]);
        }

        if (what == "panic")
        {
            Console.WriteLine("about to fault");
            return Deref(null);
        }

        if (what == "throw")
        {
            throw new InvalidOperationException("thrown by the metal test job");
        }

        if (what == "hang")
        {
            Console.WriteLine("hanging");
            while (true)
            {
                Thread.Sleep(1000);
            }
        }

        Console.WriteLine("hello from rank " + Job.Rank.ToString() + " of " + Job.Size.ToString());
        return 0;
    }

    /// <summary>Reads through a reference that is null.</summary>
    private static int Deref(int[]? values) => values![0];

    /// <summary>Decimal digits to an int.</summary>
    private static int Parse(string text)
    {
        int value = 0;
        for (int i = 0; i < text.Length; i++)
        {
            value = value * 10 + (text[i] - '0');
        }

        return value;
    }
}
