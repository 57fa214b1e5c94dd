using Hpc.Proxy.Running;
using Hpc.Proxy.Running.Metal;

namespace Hpc.Proxy.Tests.Running;

/// <summary>The grub.cfg of <c>hermit-run --iso</c>: no menu, serial console, the kernel by multiboot2 with the job's arguments after " -- ", the module.</summary>
[TestFixture]
public sealed class GrubConfigTests
{
    [Test]
    public void Text_WithModuleAndArguments_BootsAtOnceWithArgumentsAfterDashes()
    {
        string text = GrubConfig.Text("Hpc: pi", ["1000", "--verbose"]);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.StartWith("set timeout=0\n"));
            Assert.That(text, Does.Contain("serial --unit=0 --speed=115200").And.Contain("terminal_output serial console\n"));
            Assert.That(text, Does.Contain("    multiboot2 /boot/hpc-metal.elf -- '1000' '--verbose'\n"));
            Assert.That(text, Does.Contain("    module2 /boot/job.elf job\n"));
        });
    }

    [Test]
    public void Text_WithoutArguments_NoDashesAndTheModule()
    {
        string text = GrubConfig.Text("Hpc: pi", []);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("    multiboot2 /boot/hpc-metal.elf\n"));
            Assert.That(text, Does.Contain("    module2 /boot/job.elf job\n"));
        });
    }

    [Test]
    public void Text_TitleWithQuoteAndNewline_StaysOneQuotedLine() =>
        Assert.That(GrubConfig.Text("Hpc: it's\nx", []), Does.Contain("menuentry 'Hpc: itsx' {\n"));

    [TestCase("")]
    [TestCase("a b")]
    [TestCase("it's")]
    [TestCase("say\"hi\"")]
    [TestCase("back\\slash")]
    [TestCase("tab\there")]
    public void CheckArguments_WhatTheCommandLineCannotCarry_Refused(string argument) =>
        Assert.That(() => GrubConfig.CheckArguments(["ok", argument]), Throws.TypeOf<JobException>().With.Message.StartsWith("--iso: the job argument"));
}
