namespace Hpc.OpenMp;

/// <summary>How team threads are bound to places (OpenMP's <c>OMP_PROC_BIND</c>).</summary>
public enum ProcBind
{
    /// <summary><c>false</c>: threads are not bound; the operating system moves them.</summary>
    False = 0,

    /// <summary><c>true</c> (the default here): bound, with the <see cref="Close"/> policy.</summary>
    True,

    /// <summary><c>primary</c> (or the older <c>master</c>): every thread in the primary thread's place.</summary>
    Primary,

    /// <summary><c>close</c>: thread i in the place i after the primary's, wrapping around.</summary>
    Close,

    /// <summary><c>spread</c>: threads spread evenly over the places.</summary>
    Spread,
}
