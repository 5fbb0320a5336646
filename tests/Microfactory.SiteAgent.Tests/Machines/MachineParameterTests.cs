using System.Text.Json;
using Microfactory.Contracts.Agent.V1;
using Microfactory.SiteAgent.Tests.Modbus;
using Microfactory.SiteAgent.Tests.Mqtt;
using Microfactory.SiteAgent.Tests.Support;
using static Microfactory.SiteAgent.Tests.Support.MachineAgent;

namespace Microfactory.SiteAgent.Tests.Machines;

/// <summary>
/// A job's parameters reach real machines as each cell maps them: a Modbus holding register (python3-pymodbus), an
/// MQTT command payload field (mosquitto and python3-paho-mqtt). Unmapped parameters are not sent.
/// </summary>
public sealed class MachineParameterTests
{
    private static OrchestratorMessage CustomJob(string jobId, params (string Name, string Value)[] parameters)
    {
        var message = MachineJob(1, jobId, 3);
        message.JobAssignment.Parameters.AddRange(parameters.Select(p => new JobParameter { Name = p.Name, Value = p.Value, Unit = "mm" }));
        return message;
    }

    [Fact]
    public async Task Modbus_writes_each_mapped_parameter_to_its_register_before_the_start()
    {
        await using var rig = await ModbusRig.StartAsync(0.05, c =>
        {
            c["Agent:Cells:0:Modbus:Registers:Parameters:width:Address"] = "40";
            c["Agent:Cells:0:Modbus:Registers:Parameters:width:Scale"] = "0.1";
            c["Agent:Cells:0:Modbus:Registers:Parameters:holes:Address"] = "41";
        });

        rig.Connection.Send(CustomJob("job-1", ("width", "120.5"), ("holes", "4"), ("colour", "red")));
        await rig.Connection.WaitForAsync(LinkedAgent.HasUpdate("job-1", JobUpdateKind.Done), "the customised job to be done");

        // Registers 40-47 as the machine saw them at the start: width in tenths of a mm, holes as is, nothing else written.
        Assert.Equal("recipe 1205 4 0 0 0 0 0 0", await rig.Machine.WaitForAsync("recipe", "the machine's recipe registers"));
    }

    [Fact]
    public async Task Modbus_refuses_a_job_whose_parameter_the_register_cannot_hold_without_starting_the_machine()
    {
        await using var rig = await ModbusRig.StartAsync(0.05, c => c["Agent:Cells:0:Modbus:Registers:Parameters:width:Address"] = "40");

        rig.Connection.Send(CustomJob("job-1", ("width", "70000")));
        await rig.Connection.WaitForAsync(LinkedAgent.HasUpdate("job-1", JobUpdateKind.Rejected), "the job to be refused");

        var rejected = rig.Connection.Updates("job-1").Single(u => u.Kind == JobUpdateKind.Rejected);
        Assert.Contains("width", rejected.Reason);
        Assert.Equal(0, rig.Machine.Count("started"));
    }

    [Fact]
    public async Task Mqtt_puts_each_mapped_parameter_in_its_payload_field_numbers_as_numbers()
    {
        await using var rig = await MqttRig.StartAsync(0.05, (_, c) =>
        {
            c["Agent:Cells:0:Mqtt:Command:ParameterFields:width"] = "width_mm";
            c["Agent:Cells:0:Mqtt:Command:ParameterFields:engraving"] = "text";
        });

        rig.Connection.Send(CustomJob("job-1", ("width", "120.50"), ("engraving", "Für Åsa \"1\""), ("colour", "red")));
        await rig.Connection.WaitForAsync(LinkedAgent.HasUpdate("job-1", JobUpdateKind.Done), "the customised job to be done");

        var command = JsonDocument.Parse((await rig.Machine.WaitForAsync("command", "the machine's start command"))["command ".Length..]).RootElement;
        Assert.Equal(JsonValueKind.Number, command.GetProperty("width_mm").ValueKind);
        Assert.Equal(120.5, command.GetProperty("width_mm").GetDouble());
        Assert.Equal("Für Åsa \"1\"", command.GetProperty("text").GetString());
        Assert.False(command.TryGetProperty("colour", out _), "an unmapped parameter must not be sent");
    }

    [Theory]
    [InlineData("120.50", "120.50")] // a number keeps the digits the job carried (the Python machine above reads it as a float)
    [InlineData("-3", "-3")]
    [InlineData("007", "\"007\"")] // not a JSON number: sent as the string it is
    [InlineData("red", "\"red\"")]
    public void The_mqtt_start_payload_carries_a_parameter_as_a_number_only_when_it_is_one(string value, string json)
    {
        var map = new SiteAgent.Configuration.MqttCommandPayload { ParameterFields = { ["width"] = "w" } };

        var payload = SiteAgent.Mqtt.MqttPayloads.Start(map, 12, 3, "job-1", new Dictionary<string, string> { ["width"] = value });

        Assert.Contains($"\"w\":{json}", payload);
    }
}
