using Microfactory.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Microfactory.EndToEnd.Tests;

/// <summary>An agent killed -9 in the middle of a job and started again on the same state directory.</summary>
public sealed class AgentCrashTests(ITestOutputHelper output)
{
    private const int Quantity = 20;

    [Fact]
    public async Task An_agent_killed_mid_job_resumes_it_on_restart_and_the_job_is_made_exactly_once()
    {
        await using var network = await Network.StartAsync(output, sites: 3, cycleTime: TimeSpan.FromMilliseconds(200));
        var id = await network.SubmitAsync("crash-agent", Quantity);

        // Mid-job, decided by what is observable: the orchestrator saw STARTED and the agent has parts on disk.
        OrderState order = null!;
        await Await.Until(async () => (order = await network.OrderAsync(id)).Status == "InProgress", "the order to be InProgress (STARTED reached the orchestrator)", TimeSpan.FromSeconds(30));
        var job = order.Assignment!.JobId;
        var agent = network.Agent(order.Assignment.SiteId);
        await Await.Until(() => Task.FromResult(agent.Job(job)?.Made >= 2), $"agent {agent.SiteId} to record two parts of job {job}");

        await agent.CrashAsync();
        var atCrash = agent.Job(job)!;
        Assert.True(atCrash.Status == AgentJob.Running && atCrash.Made < Quantity, $"the job was not mid-way when the agent died: {atCrash}");

        agent.Start();
        var done = Assert.Single(await network.AllCompletedAsync([id], TimeSpan.FromSeconds(60)));

        Assert.Equal(job, done.Assignment!.JobId);
        Assert.True(done.Attempts == 1 && done.Count("InProgress") == 1 && done.Count("Completed") == 1, $"the job was not run once: {done.Describe()}");
        Assert.Equal(Quantity, done.Good + done.Scrap);
        var resumed = Assert.Single(agent.LogLines($"resumes job {job} after "));
        Assert.Contains($"after {atCrash.Made} of {Quantity} parts", resumed, StringComparison.Ordinal);
        // The restarted run made only the rest: it did not start the job over from part one.
        var runs = agent.LogLines($"completed job {job}:");
        var lastRun = Assert.Single(runs);
        Assert.Contains($"{Quantity - atCrash.Made - Scrap(lastRun)} good, {Scrap(lastRun)} scrap", lastRun, StringComparison.Ordinal);
        Assert.Contains($"Completed, {done.Good} good, {done.Scrap} scrap", Assert.Single(network.JobEndings(job)), StringComparison.Ordinal);
        Assert.Equal(AgentJob.Finished, agent.Job(job)!.Status);
    }

    [Fact]
    public async Task An_agent_killed_mid_job_and_started_on_an_empty_state_directory_leaves_no_order_stuck_and_the_order_is_made_once()
    {
        await using var network = await Network.StartAsync(output, sites: 3, cycleTime: TimeSpan.FromMilliseconds(200));
        var id = await network.SubmitAsync("wiped-agent", Quantity);
        OrderState order = null!;
        await Await.Until(async () => (order = await network.OrderAsync(id)).Status == "InProgress", "the order to be InProgress (STARTED reached the orchestrator)", TimeSpan.FromSeconds(30));
        var lost = order.Assignment!.JobId;
        var agent = network.Agent(order.Assignment.SiteId);

        // The machine is replaced: the job it was running is gone with its state directory.
        await agent.CrashAsync();
        Directory.Delete(agent.StateDirectory, recursive: true);
        agent.Start();
        var done = Assert.Single(await network.AllCompletedAsync([id], TimeSpan.FromSeconds(60)));

        Assert.NotEqual(lost, done.Assignment!.JobId);
        Assert.True(done.Attempts == 2 && done.Count("Completed") == 1, $"the order was not routed again exactly once: {done.Describe()}");
        Assert.Contains(done.History, h => h.Reason.StartsWith($"site {agent.SiteId}'s agent no longer holds job {lost} (it reconnected without it)", StringComparison.Ordinal));
        Assert.Equal(Quantity, done.Good + done.Scrap);
        Assert.Empty(network.JobEndings(lost)); // the lost job never ran again anywhere
        Assert.Contains($"Completed, {done.Good} good, {done.Scrap} scrap", Assert.Single(network.JobEndings(done.Assignment.JobId)), StringComparison.Ordinal);
    }

    private static int Scrap(string completedLine)
    {
        var words = completedLine.Split(' ');
        return int.Parse(words[Array.IndexOf(words, "scrap") - 1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
