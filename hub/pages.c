int paraf_placeholder_pages(void);
