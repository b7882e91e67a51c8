/* cmd.h: the subcommands' entry points. */
#ifndef SSP_CMD_H
#define SSP_CMD_H

int main_stats(int argc, char **argv);
int main_validate(int argc, char **argv);
int main_synth(int argc, char **argv);
int main_ingest(int argc, char **argv);
int main_keygen(int argc, char **argv);
int main_panel(int argc, char **argv);
int main_adjust(int argc, char **argv);
int main_test(int argc, char **argv);
int main_indicators(int argc, char **argv);
int main_plot(int argc, char **argv);
int main_report(int argc, char **argv);
int main_cert(int argc, char **argv);
int main_verify(int argc, char **argv);
int main_check(int argc, char **argv);
int main_power(int argc, char **argv);
int main_flow(int argc, char **argv);
int main_plan(int argc, char **argv);

#endif
