int paraf_placeholder_crypto(void);
