int paraf_placeholder_demo(void);
