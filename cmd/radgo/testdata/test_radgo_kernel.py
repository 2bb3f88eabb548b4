"""jupyter_kernel_test suite for the radgo kernel (run by jupyter_test.go).

Runs every standard test of jupyter_kernel_test 0.4.5 against the kernelspec
named by $RADGO_KERNEL_NAME, plus radgo's own cases: interrupting an
infinite loop, a panicking goroutine, os.Exit in a cell, 200k lines of
output, stdin input_request (fmt.Scanln, bufio on os.Stdin, io.ReadAll
up to ^D, allow_stdin=false), a message with a bad signature being dropped
without execution, SIGINT in signal mode, restart; and a notebook executed
by nbclient.
"""
import os
from queue import Empty
import time
import unittest

import jupyter_kernel_test as jkt
from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session


class RadgoKernelTests(jkt.KernelTests):
    kernel_name = os.environ.get("RADGO_KERNEL_NAME", "radgo-test")
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'fmt.Println("hello, world")'
    code_stderr = 'fmt.Fprintln(os.Stderr, "oops")'
    completion_samples = [
        {"text": "fmt.Sprin", "matches": {"fmt.Sprint", "fmt.Sprintf", "fmt.Sprintln"}},
    ]
    complete_code_samples = ["1", 'fmt.Println("x")', "func f() int { return 1 }"]
    incomplete_code_samples = ["func f() int {", "x := []int{1,"]
    invalid_code_samples = ["x := := 1"]
    code_generate_error = "undefinedThing"
    code_execute_result = [
        {"code": "1+2+3", "result": "6"},
        {"code": 'strings.Repeat("ab", 2)', "result": "abab"},
    ]
    code_display_data = [{"code": 'display.HTML("<b>hi</b>")', "mime": "text/html"}]
    code_history_pattern = "1?2*"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "fmt.Println"
    code_clear_output = "display.Clear(false)"

    def run_cell(self, code, timeout=30, allow_stdin=False):
        """Execute code; return (reply content, list of iopub messages up to idle)."""
        msg_id = self.kc.execute(code, allow_stdin=allow_stdin)
        reply = self.kc.get_shell_msg(timeout=timeout)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        msgs = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            m = self.kc.get_iopub_msg(timeout=timeout)
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            msgs.append(m)
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
        return reply["content"], msgs

    def interrupt_until_reply(self, km, kc):
        """Interrupt until the running cell replies (an interrupt that
        arrives before the cell started is a no-op, so retry)."""
        for _ in range(10):
            km.interrupt_kernel()
            try:
                return kc.get_shell_msg(timeout=2)
            except Exception:
                pass
        self.fail("no reply after 10 interrupts")

    def assert_alive(self):
        reply, msgs = self.run_cell("1+2+3")
        self.assertEqual(reply["status"], "ok")
        results = [m for m in msgs if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "6")

    def test_radgo_interrupt_infinite_loop(self):
        self.flush_channels()
        self.run_cell("interruptProbe := 5")
        msg_id = self.kc.execute("for {}")
        time.sleep(0.3)
        # interrupt_mode "message": interrupt_request on control
        reply = self.interrupt_until_reply(self.km, self.kc)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        # Stopped by cancellation, not by killing the worker: state kept.
        self.assertNotIn("lost", reply["content"]["evalue"])
        self.flush_channels()
        reply, msgs = self.run_cell("interruptProbe")
        self.assertEqual(reply["status"], "ok")
        results = [m for m in msgs if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "5")

    def test_radgo_interrupt_compiled_call(self):
        # A blocking call into compiled code: the cell returns at once (the
        # evaluator stops waiting for it, or the worker is replaced after the
        # grace period); either way the kernel answers afterwards.
        self.flush_channels()
        msg_id = self.kc.execute("time.Sleep(time.Hour)")
        time.sleep(0.3)
        reply = self.interrupt_until_reply(self.km, self.kc)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.flush_channels()
        self.assert_alive()

    def test_radgo_goroutine_panic(self):
        self.flush_channels()
        reply, msgs = self.run_cell('go func() { panic("boom") }(); time.Sleep(2 * time.Second)')
        self.assertEqual(reply["status"], "error")
        self.assertIn("lost", reply["evalue"])
        stderr = "".join(m["content"]["text"] for m in msgs
                         if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
        self.assertIn("boom", stderr)
        self.assert_alive()

    def test_radgo_os_exit(self):
        # yaegi turns an interpreted os.Exit into a panic, which fails the
        # cell and keeps the state; an evaluator without that protection
        # exits the worker, which must cost the state, not the kernel.
        self.flush_channels()
        reply, _ = self.run_cell("os.Exit(3)")
        self.assertEqual(reply["status"], "error")
        evalue = reply["evalue"]
        self.assertTrue("os.Exit(3)" in evalue or ("exit status 3" in evalue and "lost" in evalue), evalue)
        self.assert_alive()

    def test_radgo_compiled_os_exit(self):
        # Compiled code calling os.Exit (flag.ExitOnError) really exits the
        # worker process: the cell fails saying the state was lost, the
        # compiled code's stderr reaches the cell, the kernel keeps going.
        self.flush_channels()
        reply, msgs = self.run_cell('import "flag"\nflag.NewFlagSet("x", flag.ExitOnError).Parse([]string{"-bogus"})')
        self.assertEqual(reply["status"], "error")
        self.assertIn("exit status 2", reply["evalue"])
        self.assertIn("lost", reply["evalue"])
        stderr = "".join(m["content"]["text"] for m in msgs
                         if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
        self.assertIn("bogus", stderr)
        self.assert_alive()

    def test_radgo_200k_lines(self):
        self.flush_channels()
        t0 = time.time()
        reply, msgs = self.run_cell("for i := 0; i < 200000; i++ { fmt.Println(i) }", timeout=60)
        self.assertEqual(reply["status"], "ok")
        streams = [m for m in msgs if m["msg_type"] == "stream"]
        text = "".join(m["content"]["text"] for m in streams)
        lines = text.splitlines()
        self.assertEqual(len(lines), 200000)
        self.assertEqual(lines[0], "0")
        self.assertEqual(lines[-1], "199999")
        self.assertLess(len(streams), 2000, "output was not coalesced")
        print(f"\n200k lines: {len(streams)} stream messages, {time.time() - t0:.2f} s", flush=True)
        self.assert_alive()

    def test_radgo_streams_while_running(self):
        # Output reaches the front end while the cell still runs (flushed
        # every 50 ms), not only when it ends.
        self.flush_channels()
        msg_id = self.kc.execute('fmt.Println("early"); time.Sleep(3 * time.Second); fmt.Println("late")')
        while True:
            m = self.kc.get_iopub_msg(timeout=10)
            if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream":
                break
        self.assertEqual(m["content"]["text"], "early\n")
        with self.assertRaises(Empty, msg="the cell had already finished"):
            self.kc.get_shell_msg(timeout=0.2)
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["content"]["status"], "ok")

    def stdin_cell(self, code, answers, allow_stdin=True):
        """Execute code, answering its input requests with answers in turn;
        return (reply content, stdout text, stderr text)."""
        self.flush_channels()
        msg_id = self.kc.execute(code, allow_stdin=allow_stdin)
        for a in answers:
            req = self.kc.get_stdin_msg(timeout=10)
            self.assertEqual(req["msg_type"], "input_request")
            self.assertEqual(req["parent_header"]["msg_id"], msg_id)
            self.assertFalse(req["content"]["password"])
            self.kc.input(a)
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        with self.assertRaises(Empty, msg="more input requests than answers"):
            self.kc.get_stdin_msg(timeout=0.1)
        out = {"stdout": "", "stderr": ""}
        while True:
            m = self.kc.get_iopub_msg(timeout=10)
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "stream":
                out[m["content"]["name"]] += m["content"]["text"]
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
        return reply["content"], out["stdout"], out["stderr"]

    def test_radgo_stdin(self):
        reply, out, _ = self.stdin_cell('var s string; fmt.Scanln(&s); fmt.Println("got", s)', ["Ada"])
        self.assertEqual(reply["status"], "ok")
        self.assertIn("got Ada", out)

    def test_radgo_stdin_scanln_two_values(self):
        reply, out, _ = self.stdin_cell(
            'var name string\nvar age int\n_, err := fmt.Scanln(&name, &age)\nfmt.Println(name, age+1, err)', ["Ada 36"])
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(out, "Ada 37 <nil>\n")

    def test_radgo_stdin_bufio_reader(self):
        reply, out, _ = self.stdin_cell(
            'import "bufio"\nline, err := bufio.NewReader(os.Stdin).ReadString(\'\\n\')\nfmt.Printf("%q %v\\n", line, err)',
            ["hello world"])
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(out, '"hello world\\n" <nil>\n')

    def test_radgo_stdin_bufio_scanner_two_lines(self):
        code = ('import "bufio"\nsc := bufio.NewScanner(os.Stdin)\n'
                'for i := 0; i < 2 && sc.Scan(); i++ {\n\tfmt.Println(i, strings.ToUpper(sc.Text()))\n}')
        reply, out, _ = self.stdin_cell(code, ["first", "second"])
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(out, "0 FIRST\n1 SECOND\n")

    def test_radgo_stdin_readall_until_eof(self):
        # ^D answers end standard input for the rest of the cell.
        reply, out, _ = self.stdin_cell(
            'import "io"\nb, err := io.ReadAll(os.Stdin)\nfmt.Printf("%q %v\\n", b, err)', ["x", "y", "^D"])
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(out, '"x\\ny\\n" <nil>\n')

    def test_radgo_stdin_not_allowed(self):
        # allow_stdin=false: no input_request, no hang, the read fails with
        # an error that says why and the cell's stderr says so.
        for code in ['var s string\n_, err := fmt.Scanln(&s)\nfmt.Println("err:", err)',
                     'import "bufio"\n_, err := bufio.NewReader(os.Stdin).ReadString(\'\\n\')\nfmt.Println("err:", err)']:
            reply, out, err = self.stdin_cell(code, [], allow_stdin=False)
            self.assertEqual(reply["status"], "ok")
            self.assertIn("err: standard input is not available", out)
            self.assertIn("allow_stdin is false", out)
            self.assertIn("does not accept input", err)

    def test_radgo_bad_signature_dropped(self):
        self.flush_channels()
        reply, _ = self.run_cell("x := 41")
        count = reply["execution_count"]
        forged = Session(key=b"not-the-key", username="mallory")
        msg = forged.msg("execute_request", {
            "code": 'fmt.Println("pwned")', "silent": False, "store_history": True,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        forged.send(self.kc.shell_channel.socket, msg)
        with self.assertRaises(Empty):  # no reply at all
            self.kc.get_shell_msg(timeout=1.0)
        reply, msgs = self.run_cell("x := 99")
        # The forged cell never ran: the counter moved by exactly one.
        self.assertEqual(reply["execution_count"], count + 1)
        for m in msgs:
            if m["msg_type"] == "stream":
                self.assertNotIn("pwned", m["content"]["text"])


    def test_radgo_sigint(self):
        # interrupt_mode "signal": jupyter_client sends SIGINT to the kernel's
        # process group; the kernel turns it into an interrupt, the worker
        # ignores it.
        name = os.environ.get("RADGO_SIGNAL_KERNEL_NAME")
        if not name:
            raise unittest.SkipTest("no signal-mode kernelspec")
        km, kc = start_new_kernel(kernel_name=name)
        try:
            msg_id = kc.execute("for {}")
            time.sleep(0.3)
            reply = self.interrupt_until_reply(km, kc)
            self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
            self.assertEqual(reply["content"]["ename"], "Interrupted")
            msg_id = kc.execute("1+2+3")
            reply = kc.get_shell_msg(timeout=10)
            self.assertEqual(reply["content"]["status"], "ok")
        finally:
            kc.stop_channels()
            km.shutdown_kernel()

    def test_zz_radgo_restart(self):
        # Runs last (unittest sorts by name): restart loses the state and the
        # new process answers on the same connection file.
        self.flush_channels()
        self.run_cell("restartProbe := 7")
        self.km.restart_kernel()
        self.kc.wait_for_ready(timeout=30)
        self.flush_channels()
        reply, _ = self.run_cell("restartProbe")
        self.assertEqual(reply["status"], "error")
        self.assert_alive()


class NbclientTests(unittest.TestCase):
    """A notebook executed by nbclient (what nbconvert --execute and CI use)."""

    def test_notebook(self):
        try:
            import nbclient
            import nbformat
        except ImportError:
            raise unittest.SkipTest("python3-nbclient not installed")
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(c) for c in (
            'x := 20\nfmt.Println("x is", x)',
            "x * 2 + 2",
            'display.HTML("<i>rich</i>")',
            "for i := 0; i < 3; i++ { fmt.Println(i) }",
        )]
        client = nbclient.NotebookClient(nb, kernel_name=os.environ.get("RADGO_KERNEL_NAME", "radgo-test"), timeout=60)
        client.execute()
        out = [c.outputs for c in nb.cells]
        self.assertEqual(out[0][0]["text"], "x is 20\n")
        self.assertEqual(out[1][0]["output_type"], "execute_result")
        self.assertEqual(out[1][0]["data"]["text/plain"], "42")
        self.assertEqual(out[1][0]["execution_count"], 2)
        self.assertIn("text/html", out[2][0]["data"])
        self.assertEqual("".join(o["text"] for o in out[3]), "0\n1\n2\n")
        nbformat.validate(nb)


if __name__ == "__main__":
    unittest.main()
