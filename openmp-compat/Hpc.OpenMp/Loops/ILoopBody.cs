namespace Hpc.OpenMp.Loops;

/// <summary>A loop body as a struct, so the loop driver is specialised for it and the call is direct.</summary>
internal interface ILoopBody
{
    /// <summary>Runs iteration <paramref name="index"/> (the loop variable's value).</summary>
    void Invoke(int index);
}
