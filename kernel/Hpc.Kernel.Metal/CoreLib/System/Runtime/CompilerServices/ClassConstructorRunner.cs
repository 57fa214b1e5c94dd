using System.Threading;

namespace System.Runtime.CompilerServices;

/// <summary>What the compiler passes about a type whose static constructor may not have run yet.</summary>
public struct StaticClassConstructionContext
{
    /// <summary>The static constructor's code (the compiler's field); 0 once it has run.</summary>
    public volatile nint CctorMethodAddress;
    /// <summary>Our own field (zero-initialised): 1 + the cpu running the constructor, 0 before.</summary>
    public int Runner;
}

/// <summary>
/// Runs static constructors on first use, once. A cpu that finds another one running it waits until it is done;
/// the running cpu itself (a constructor touching its own statics) goes on, as the CLR allows.
/// </summary>
internal static unsafe class ClassConstructorRunner
{
    /// <summary>Checks and returns the type's GC static base.</summary>
    private static object CheckStaticClassConstructionReturnGCStaticBase(StaticClassConstructionContext* context, object gcStaticBase)
    {
        EnsureClassConstructorRun(context);
        return gcStaticBase;
    }

    /// <summary>Checks and returns the type's non-GC static base.</summary>
    private static nint CheckStaticClassConstructionReturnNonGCStaticBase(StaticClassConstructionContext* context, nint nonGcStaticBase)
    {
        EnsureClassConstructorRun(context);
        return nonGcStaticBase;
    }

    /// <summary>Runs the static constructor unless it has run.</summary>
    public static void EnsureClassConstructorRun(StaticClassConstructionContext* context)
    {
        nint cctor = context->CctorMethodAddress;
        if (cctor == 0)
        {
            return;
        }

        int me = Hpc.Kernel.Metal.Platform.CpuLocal.CurrentIndex + 1;
        int runner = Interlocked.CompareExchange(ref context->Runner, me, 0);
        if (runner == 0)
        {
            ((delegate*<void>)cctor)();
            context->CctorMethodAddress = 0;
            return;
        }

        if (runner == me)
        {
            return;
        }

        while (context->CctorMethodAddress != 0)
        {
            Hpc.Kernel.Metal.Platform.Cpu.Pause();
        }
    }
}
